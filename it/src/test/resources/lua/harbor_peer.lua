-- The other process of the harbor tests: starts an echo service and says its handles.
local skynet = require "skynet"

skynet.start(function()
	local echo = skynet.newservice("harbor_echo")
	skynet.name("peerecho", echo)          -- a global name: every node of the harbor resolves it
	print("READY " .. skynet.self() .. " " .. echo)
end)
