local skynet = require "skynet"

skynet.start(function()
	skynet.newservice("echo")   -- stays alive: only abort ends the node
	print("aborting")
	skynet.abort()
end)
