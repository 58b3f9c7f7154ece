-- A unique service that takes a while to start and calls back whoever started it.
local skynet = require "skynet"

local starter = ...
local answer

skynet.start(function()
	skynet.dispatch("lua", function()
		skynet.retpack(answer)
	end)
	skynet.sleep(2)   -- a second uniqueservice of this file arrives meanwhile
	answer = skynet.call(starter, "lua", "ping")
end)
