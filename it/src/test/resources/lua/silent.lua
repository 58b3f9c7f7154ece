-- Takes every request and never answers it.
local skynet = require "skynet"
local held = {}
skynet.start(function()
	skynet.dispatch("lua", function()
		held[#held + 1] = skynet.response()
	end)
end)
