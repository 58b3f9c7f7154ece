-- An agent in the manner of skynet's examples/agent.lua: gets its client's packets from
-- the gate, answers each with "echo:" and the packet; "quit" asks the watchdog to close.
local skynet = require "skynet"
local socket = require "skynet.socket"
local netpack = require "skynet.netpack"

local WATCHDOG
local client_fd

skynet.register_protocol {
	name = "client",
	id = skynet.PTYPE_CLIENT,
	unpack = skynet.tostring,
	dispatch = function(fd, _, msg)
		assert(fd == client_fd, "the session is the client's fd")   -- as skynet's examples/agent.lua
		skynet.ignoreret()
		if msg == "quit" then
			skynet.call(WATCHDOG, "lua", "close", client_fd)
			return
		end
		assert(socket.write(client_fd, (netpack.pack("echo:" .. msg))))
	end,
}

local CMD = {}

function CMD.start(conf)
	client_fd = conf.client
	WATCHDOG = conf.watchdog
	skynet.call(conf.gate, "lua", "forward", client_fd)
end

function CMD.disconnect()
	skynet.exit()
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, command, ...)
		local f = CMD[command]
		local r = f(...)
		if command ~= "disconnect" then
			skynet.ret(skynet.pack(r))
		end
	end)
end)
