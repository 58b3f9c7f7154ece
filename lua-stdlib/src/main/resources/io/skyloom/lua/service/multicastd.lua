-- multicastd: skynet.multicast's channels on this node. A publish is a call, and the
-- message goes to every subscriber before the call returns, as from the publisher
-- (skynet.redirect), so each subscriber sees every publisher's messages in order.
local skynet = require "skynet"

local channels = {}   -- id -> { [subscriber] = true }
local last_id = 0
local CMD = {}

function CMD.NEW(source)
	repeat
		last_id = last_id + 1
	until channels[last_id] == nil
	channels[last_id] = {}
	return last_id
end

function CMD.DEL(source, c)
	channels[c] = nil
end

function CMD.SUB(source, c)
	local group = channels[c]
	if group then group[source] = true end
	return group ~= nil
end

function CMD.USUB(source, c)
	local group = channels[c]
	if group then group[source] = nil end
end

-- A subscriber found dead is dropped from the channel; a deleted channel drops the message.
function CMD.PUB(source, c, msg)
	local group = channels[c]
	if not group then return end
	local m = skynet.pack(c, msg)   -- one pack, unpacked afresh by each subscriber
	for sub in pairs(group) do
		if not skynet.redirect(sub, source, "multicast", 0, m) then
			group[sub] = nil
		end
	end
end

skynet.register_protocol { name = "multicast", id = skynet.PTYPE_MULTICAST, pack = skynet.pack, unpack = skynet.unpack }

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		local f = CMD[cmd]
		if not f then error("multicastd: unknown command " .. tostring(cmd)) end
		local r = f(source, ...)
		if session ~= 0 then skynet.retpack(r) end
	end)
end)
