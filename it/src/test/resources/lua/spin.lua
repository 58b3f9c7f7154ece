-- A service whose handler never returns: it must hold one worker at most.
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"

foreign.dispatch("spin", function()
	skynet.setenv("spinning", true)   -- the test kills us only once we loop
	while true do end
end)
skynet.start(function() end)
