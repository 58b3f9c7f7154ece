-- A subscriber on redis.watch: subscribes to a channel and a pattern, and collects the
-- messages it gets, in the order they come.
local skynet = require "skynet"
local redis = require "skynet.db.redis"
local foreign = require "pyskynet.foreign"

local host, port = ...
local w

foreign.dispatch("listen", function(channel, pattern)
	w = redis.watch { host = host, port = tonumber(port) }
	w:subscribe(channel)
	w:psubscribe(pattern)
	return true
end)

-- bytes outside printable ASCII as <decimal>, so binary payloads compare as text
local function printable(s)
	return (string.gsub(s, "[^\32-\126]", function(c) return "<" .. string.byte(c) .. ">" end))
end

-- the next n messages, "channel|data" or "pattern|channel|data"
foreign.dispatch("collect", function(n)
	local got = {}
	for i = 1, n do
		local data, channel, pattern = w:message()
		data = printable(data)
		if pattern then
			got[i] = pattern .. "|" .. channel .. "|" .. data
		else
			got[i] = channel .. "|" .. data
		end
	end
	return got
end)

-- the next n messages, waiting on through a lost connection: message() raises once
-- for it, and the next message() connects again and subscribes again
foreign.dispatch("collect_through_reconnect", function(n)
	local got, failures = {}, 0
	while #got < n do
		local ok, data, channel = pcall(w.message, w)
		if ok then
			got[#got + 1] = channel .. "|" .. printable(data)
		else
			failures = failures + 1
			assert(failures < 100, "the watch did not come back")
		end
	end
	return got, failures
end)

foreign.dispatch("unsubscribe", function(channel)
	w:unsubscribe(channel)
	return true
end)

foreign.dispatch("stop", function()
	w:disconnect()
	return getmetatable(w) == nil
end)

skynet.start(function() end)
