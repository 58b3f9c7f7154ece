-- Calls, through foreign, whatever service and command a lua message names, and
-- waits for the answer (or for its own death).
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"

skynet.start(function()
	skynet.dispatch("lua", function(session, source, target, cmd)
		foreign.call(target, cmd)
	end)
end)
