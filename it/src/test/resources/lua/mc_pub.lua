-- Publishes n numbered messages on a channel, then exits at once: a publisher that dies.
local skynet = require "skynet"
local multicast = require "skynet.multicast"

local channel_id, n, tag = ...

skynet.start(function()
	skynet.fork(function()   -- after start, so its creator publishes at the same time
		local ch = multicast.new { channel = channel_id }
		for i = 1, n do
			ch:publish(tag, i)
		end
		skynet.exit()
	end)
end)
