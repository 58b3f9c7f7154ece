-- skynet's examples/watchdog.lua, as a test: a gate, and one agent per client.
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"

local CMD = {}
local SOCKET = {}
local gate
local agent = {}
local closed = {}

function SOCKET.open(fd, addr)
	agent[fd] = skynet.newservice("net/agent")
	skynet.call(agent[fd], "lua", "start", { gate = gate, client = fd, watchdog = skynet.self() })
end

local function close_agent(fd)
	local a = agent[fd]
	agent[fd] = nil
	if a then
		skynet.call(gate, "lua", "kick", fd)
		skynet.send(a, "lua", "disconnect")
	end
end

function SOCKET.close(fd)
	closed[#closed + 1] = fd
	close_agent(fd)
end

function SOCKET.error(fd, msg)
	closed[#closed + 1] = fd
	close_agent(fd)
end

function SOCKET.warning(fd, size)
end

function SOCKET.data(fd, msg)
end

function CMD.start(conf)
	return skynet.call(gate, "lua", "open", conf)
end

function CMD.close(fd)
	close_agent(fd)
end

foreign.dispatch("start", function(port)
	local address, bound = CMD.start { port = port, maxclient = 64, nodelay = true }
	return address, bound
end)
foreign.dispatch("closed", function()
	return #closed
end)
foreign.dispatch("agents", function()
	local n = 0
	for _ in pairs(agent) do n = n + 1 end
	return n
end)

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, subcmd, ...)
		if cmd == "socket" then
			SOCKET[subcmd](...)
		else
			local f = assert(CMD[cmd])
			skynet.ret(skynet.pack(f(subcmd, ...)))
		end
	end)
	gate = skynet.newservice("gate")
end)
