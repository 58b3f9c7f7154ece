-- Every minute for an hour: one sleep of 6000 ticks, then a note of skynet.now().
local skynet = require "skynet"
local report = ...

skynet.start(function()
	skynet.fork(function()
		local seen = {}
		for i = 1, 60 do
			skynet.sleep(6000)
			seen[#seen + 1] = skynet.now()
		end
		skynet.send(report, "lua", "done", seen)
	end)
end)
