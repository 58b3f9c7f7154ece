-- A service whose handler never returns: it must hold one worker at most.
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"

foreign.dispatch("spin", function()
	while true do end
end)
skynet.start(function() end)
