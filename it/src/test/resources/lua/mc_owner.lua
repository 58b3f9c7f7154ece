-- Creates a channel, reports its id, and exits: a channel owner that dies.
local skynet = require "skynet"
local multicast = require "skynet.multicast"

skynet.start(function()
	skynet.dispatch("lua", function()
		local ch = multicast.new()
		skynet.retpack(ch.channel)
		skynet.exit()
	end)
end)
