-- A multicast subscriber for SharedModulesTest: subscribes to the channel it is given
-- and records every message with its source.
local skynet = require "skynet"
local multicast = require "skynet.multicast"

local channel_id = ...
local log = {}
local ch

skynet.start(function()
	ch = multicast.new {
		channel = channel_id,
		dispatch = function(channel, source, ...)
			log[#log + 1] = { source = source, values = { ... } }
		end,
	}
	ch:subscribe()
	skynet.dispatch("lua", function(session, source, cmd)
		if cmd == "log" then
			skynet.retpack(log)
		elseif cmd == "count" then
			skynet.retpack(#log)
		elseif cmd == "unsubscribe" then
			ch:unsubscribe()
			skynet.retpack(#log)
		end
	end)
end)
