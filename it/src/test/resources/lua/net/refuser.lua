-- A server that never starts what it accepts: with "close" it closes each connection at
-- once (gateserver's refusal past maxclient does so), with "keep" it leaves them unstarted.
local skynet = require "skynet"
local socket = require "skynet.socket"
local foreign = require "pyskynet.foreign"

local mode = ...
local port
local refused = 0

foreign.dispatch("port", function() return port end)
foreign.dispatch("refused", function() return refused end)
-- how many TCP connections the node's socket driver still holds
foreign.dispatch("connections", function()
	local n = 0
	for _, s in ipairs(socket.netstat()) do
		if s.type == "TCP" then n = n + 1 end
	end
	return n
end)

skynet.start(function()
	local id, addr
	id, addr, port = socket.listen("127.0.0.1", 0)
	socket.start(id, function(fd)
		if mode == "close" then
			socket.close(fd)
			refused = refused + 1
		end
	end)
end)
