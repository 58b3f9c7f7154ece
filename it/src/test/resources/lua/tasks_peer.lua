-- A peer for skynet_tasks.lua: answers late or never, and records what reaches it.
local skynet = require "skynet"

local seen = {}
local parked = {}

skynet.register_protocol { name = "trace_probe", id = 30, pack = skynet.pack, unpack = skynet.unpack }

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		if cmd == "never" then
			parked[#parked + 1] = skynet.response()   -- answers only when told to
		elseif cmd == "release" then
			for i = 1, #parked do parked[i](true, "released") end
			parked = {}
			skynet.retpack(true)
		elseif cmd == "seen" then
			skynet.retpack(seen)
		elseif cmd == "echo" then
			skynet.retpack(...)
		else
			seen[#seen + 1] = { cmd = cmd, source = source, session = session, args = { ... } }
			if session ~= 0 then skynet.retpack("answered " .. cmd) end
		end
	end)
	skynet.dispatch("trace_probe", function(session, source, ...)
		seen[#seen + 1] = { cmd = "probe", source = source, session = session }
	end)
end)
