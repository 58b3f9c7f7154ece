local skynet = require "skynet"
local a, b = ...

skynet.start(function()
	local echo = skynet.newservice("echo")
	print("echo says", skynet.call(echo, "lua", a, b))
	skynet.exit()
end)
