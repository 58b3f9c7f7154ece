-- skynet's gate service for Skyloom: clients' packets go to the watchdog ("socket",
-- "data", fd, msg) until it forwards a connection to an agent, which then gets each
-- packet as a "client" message whose session is the fd and whose source is the
-- forward's client (skynet.redirect), and may write to the client's fd itself.
local skynet = require "skynet"
local gateserver = require "snax.gateserver"
local socketdriver = require "skynet.socketdriver"

local watchdog
local connection = {}   -- fd -> { fd, ip, agent, client }

skynet.register_protocol {
	name = "client",
	id = skynet.PTYPE_CLIENT,
}

local handler = {}

function handler.open(source, conf)
	watchdog = conf.watchdog or source
	return conf.address, conf.port
end

function handler.message(fd, msg, sz)
	local c = connection[fd]
	local agent = c and c.agent
	if agent then
		skynet.redirect(agent, c.client, "client", fd, msg)
	else
		skynet.send(watchdog, "lua", "socket", "data", fd, msg)
	end
end

function handler.connect(fd, addr)
	connection[fd] = { fd = fd, ip = addr }
	skynet.send(watchdog, "lua", "socket", "open", fd, addr)
end

local function unforward(c)
	if c.agent then
		socketdriver.grant(c.fd, nil)
		c.agent = nil
		c.client = nil
	end
end

local function close_fd(fd)
	local c = connection[fd]
	if c then
		unforward(c)
		connection[fd] = nil
	end
end

function handler.disconnect(fd)
	close_fd(fd)
	skynet.send(watchdog, "lua", "socket", "close", fd)
end

function handler.error(fd, msg)
	close_fd(fd)
	skynet.send(watchdog, "lua", "socket", "error", fd, msg)
end

function handler.warning(fd, size)
	skynet.send(watchdog, "lua", "socket", "warning", fd, size)
end

local CMD = {}

-- Sends fd's packets to address (default: the caller), which may also write to fd.
function CMD.forward(source, fd, client, address)
	local c = assert(connection[fd], "no such connection")
	unforward(c)
	c.client = client or 0
	c.agent = address or source
	socketdriver.grant(fd, c.agent)
	gateserver.openclient(fd)
end

-- Reads fd's packets and gives them to the watchdog.
function CMD.accept(source, fd)
	local c = assert(connection[fd], "no such connection")
	unforward(c)
	gateserver.openclient(fd)
end

function CMD.kick(source, fd)
	gateserver.closeclient(fd)
end

function handler.command(cmd, source, ...)
	local f = assert(CMD[cmd], "unknown gate command")
	return f(source, ...)
end

gateserver.start(handler)
