-- A plain service that the debug-protocol tests ask about (debug_probe.lua drives them).
local skynet = require "skynet"

counter = { n = 0 }   -- a global: RUN reaches the service's globals
local last            -- what the last call to a silent service ended with
local state = { hits = 0 }   -- an upvalue of the lua dispatch: RUN's _P.lua.state

skynet.info_func(function(what)
	return "target info " .. tostring(what) .. ", n = " .. counter.n
end)

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, arg)
		if cmd == "hit" then
			state.hits = state.hits + 1
			counter.n = counter.n + 1
			skynet.retpack(counter.n)
		elseif cmd == "park" then         -- a send: the task sleeps until woken or killed
			skynet.sleep(100000)
		elseif cmd == "call_silent" then  -- a send: waits on a service that never answers
			last = { pcall(skynet.call, arg, "lua", "hold") }
		elseif cmd == "global" then
			skynet.retpack(_G[arg])
		elseif cmd == "last" then
			skynet.retpack(last and last[1], last and last[2])
		end
	end)
end)
