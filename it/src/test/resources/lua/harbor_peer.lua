-- The other process of the harbor tests: starts an echo service and says its handles.
local skynet = require "skynet"

skynet.start(function()
	local echo = skynet.newservice("harbor_echo")
	print("READY " .. skynet.self() .. " " .. echo)
end)
