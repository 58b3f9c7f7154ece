-- snax.gateserver for Skyloom: a service that listens, accepts clients, cuts what they
-- send into 2-byte-length packets (skynet.netpack) and gives each packet to a handler:
--   handler.connect(fd, addr), handler.message(fd, msg, sz), handler.disconnect(fd),
--   handler.error(fd, msg), handler.warning(fd, size), handler.open(source, conf),
--   handler.command(cmd, source, ...), handler.embed (do not call skynet.start).
-- Commands (lua protocol): open(conf) listens on conf.address (loopback by default in
-- Skyloom; skynet's is "0.0.0.0"), conf.port (0: a free one; the bound port is put back
-- in conf), conf.maxclient, conf.nodelay, conf.backlog; close() stops listening.
local skynet = require "skynet"
local netpack = require "skynet.netpack"
local socketdriver = require "skynet.socketdriver"

local gateserver = {}

local listen_id
local queue
local maxclient
local client_number = 0
local CMD = {}
local nodelay = false

-- fd -> true (reading), false (closed for reading), nil (gone)
local connection = {}

-- Starts reading a client's packets (they are not read before: the watchdog decides).
function gateserver.openclient(fd)
	if connection[fd] then
		socketdriver.start(fd)
	end
end

function gateserver.closeclient(fd)
	if connection[fd] ~= nil then
		connection[fd] = nil
		socketdriver.close(fd)
	end
end

function gateserver.start(handler)
	assert(handler.message, "gateserver needs handler.message")
	assert(handler.connect, "gateserver needs handler.connect")

	local listening = {}

	function CMD.open(source, conf)
		assert(not listen_id, "the gate is listening already")
		local address = conf.address or "127.0.0.1"
		maxclient = conf.maxclient or 1024
		nodelay = conf.nodelay
		listen_id = socketdriver.listen(address, conf.port or 0, conf.backlog)
		listening.co = coroutine.running()
		listening.fd = listen_id
		skynet.wait(listening.co)
		conf.address = listening.addr
		conf.port = listening.port
		skynet.error("Listen on", conf.address, conf.port)
		listening = nil
		socketdriver.start(listen_id)
		if handler.open then
			return handler.open(source, conf)
		end
	end

	function CMD.close()
		assert(listen_id, "the gate is not listening")
		socketdriver.close(listen_id)
	end

	local MSG = {}

	local function dispatch_msg(fd, msg, sz)
		if connection[fd] then
			handler.message(fd, msg, sz)
		else
			skynet.error(string.format("Drop message from fd (%d) : %s", fd, netpack.tostring(msg, sz)))
		end
	end

	MSG.data = dispatch_msg

	local function dispatch_queue()
		local fd, msg, sz = netpack.pop(queue)
		if fd then
			-- a handler that blocks must not hold up the rest: the next task goes on
			skynet.fork(dispatch_queue)
			dispatch_msg(fd, msg, sz)
			for fd2, msg2, sz2 in netpack.pop, queue do
				dispatch_msg(fd2, msg2, sz2)
			end
		end
	end

	MSG.more = dispatch_queue

	function MSG.open(fd, addr)
		client_number = client_number + 1
		if client_number >= maxclient then
			socketdriver.shutdown(fd)
			return
		end
		if nodelay then
			socketdriver.nodelay(fd)
		end
		connection[fd] = true
		handler.connect(fd, addr)
	end

	function MSG.close(fd)
		if fd ~= listen_id then
			client_number = client_number - 1
			if connection[fd] then
				connection[fd] = false
			end
			if handler.disconnect then
				handler.disconnect(fd)
			end
		else
			listen_id = nil
		end
	end

	function MSG.error(fd, msg)
		if fd == listen_id then
			skynet.error("gateserver accept error:", msg)
		else
			client_number = client_number - 1
			connection[fd] = nil
			if handler.error then
				handler.error(fd, msg)
			end
		end
	end

	function MSG.warning(fd, size)
		if handler.warning then
			handler.warning(fd, size)
		end
	end

	function MSG.init(id, addr, port)
		if listening and listening.co and id == listening.fd then
			listening.addr, listening.port = addr, port
			local co = listening.co
			listening.co = nil
			skynet.wakeup(co)
		end
	end

	skynet.register_protocol {
		name = "socket",
		id = skynet.PTYPE_SOCKET,
		unpack = function(msg)
			return netpack.filter(queue, msg)
		end,
		dispatch = function(_, _, q, type, ...)
			queue = q
			if type then
				MSG[type](...)
			end
		end,
	}

	local function init()
		skynet.dispatch("lua", function(_, address, cmd, ...)
			local f = CMD[cmd]
			if f then
				skynet.ret(skynet.pack(f(address, ...)))
			else
				skynet.ret(skynet.pack(handler.command(cmd, address, ...)))
			end
		end)
	end

	if handler.embed then
		init()
	else
		skynet.start(init)
	end
end

return gateserver
