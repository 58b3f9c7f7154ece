local skynet = require "skynet"

skynet.start(function()
	print("running")
	skynet.fork(function()
		while true do skynet.sleep(100) end
	end)
end)
