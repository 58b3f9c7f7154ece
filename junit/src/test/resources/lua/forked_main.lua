-- The main service of a forked node in HarborFixtureTest: an echo under a global name.
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"

foreign.dispatch("echo", function(...) return ... end)
foreign.dispatch("hold", function() skynet.response() skynet.wait() end)

skynet.start(function()
	skynet.register("forked-echo")
	print("READY " .. skynet.self())
end)
