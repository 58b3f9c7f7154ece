-- Fails where no caller sees it: in a send's handler, and in a forked task.
local skynet = require "skynet"

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd)
		if cmd == "crash" then
			error("crashed on purpose")
		elseif cmd == "crash_fork" then
			skynet.fork(function() error("fork crashed on purpose") end)
		elseif cmd == "ok" then
			skynet.retpack("fine")
		end
	end)
end)
