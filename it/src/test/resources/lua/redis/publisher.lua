-- A publisher: waits (with a deadline) until the subscriber's subscriptions are in
-- effect on the server, then publishes.
local skynet = require "skynet"
local redis = require "skynet.db.redis"
local foreign = require "pyskynet.foreign"

local host, port = ...
local db = nil

local function conn()
	if not db then
		db = redis.connect { host = host, port = tonumber(port) }
	end
	return db
end

-- Waits until the server counts `subs` subscribers of channel and `pats` patterns.
local function await_subscribers(channel, subs, pats)
	local d = conn()
	local deadline = skynet.now() + 1000     -- 10 s
	while true do
		local numsub = d:pubsub("numsub", channel)
		if numsub[2] == subs and d:pubsub("numpat") == pats then
			return
		end
		assert(skynet.now() < deadline, "the subscriber did not (un)subscribe within 10 s")
		skynet.sleep(1)
	end
end

-- n rounds of: a message on channel, a message on pchannel (which the pattern matches)
foreign.dispatch("publish", function(channel, pchannel, n)
	await_subscribers(channel, 1, 1)
	local d = conn()
	local received = 0
	for i = 1, n do
		received = received + d:publish(channel, "m" .. i)
		received = received + d:publish(pchannel, "p" .. i .. "\0\255")
	end
	return received
end)

-- after the subscriber left channel: one on channel (nobody hears it), one on pchannel
foreign.dispatch("publish_after_unsubscribe", function(channel, pchannel)
	await_subscribers(channel, 0, 1)
	local d = conn()
	return d:publish(channel, "unheard"), d:publish(pchannel, "last")
end)

skynet.start(function() end)
