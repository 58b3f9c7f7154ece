-- Sleeps an hour, then tells the probe it was given what time it is.
local skynet = require "skynet"
local report = ...

skynet.start(function()
	skynet.fork(function()
		skynet.sleep(360000)
		skynet.send(report, "lua", "woke", skynet.now())
	end)
end)
