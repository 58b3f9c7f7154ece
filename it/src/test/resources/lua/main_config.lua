local skynet = require "skynet"

skynet.start(function()
	print("greeting=" .. tostring(skynet.getenv("greeting")))
	local t0 = skynet.now()
	skynet.exit()
end)
