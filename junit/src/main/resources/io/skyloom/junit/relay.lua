-- skyloom-junit's relay: the Lua face of a stub or a probe. It takes "lua" and "foreign"
-- messages under the name under test and asks its Java backend, by the foreign protocol,
-- what to do with each: answer with values, fail with a message, or hold the request
-- unanswered (so the caller's timeout can be tested).
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"
local c = require "skynet.core"

local backend = ...
local held = {}

local function ask(protocol, session, source, ...)
	local r = table.pack(foreign.call(backend, protocol, session ~= 0, source, ...))
	if r[1] == "hold" then
		if session ~= 0 then held[#held + 1] = skynet.response() end
		return nil
	elseif r[1] == "error" then
		if session == 0 then return nil end    -- nobody waits for a send's answer
		error(r[2], 0)
	end
	return r
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, ...)
		local r = ask("lua", session, source, ...)
		if r and session ~= 0 then skynet.retpack(table.unpack(r, 2, r.n)) end
	end)
	skynet.dispatch("foreign", function(session, source, ...)
		local r = ask("foreign", session, source, ...)
		if r and session ~= 0 then skynet.ret(c.fpack(table.unpack(r, 2, r.n))) end
	end)
end)
