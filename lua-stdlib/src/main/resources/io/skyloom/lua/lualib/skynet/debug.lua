-- skynet.debug for Skyloom: the "debug" protocol (PTYPE_DEBUG) that every Lua service
-- answers, as skynet's does, so the debug console, the REPL and any service can ask a
-- service how it is: MEM, GC, STAT, TASK, UNIQTASK, KILLTASK, INFO, EXIT, RUN, TERM, LINK, TRACELOG,
-- SUPPORT, PING. skynet.lua loads it on the first debug message; reg_debugcmd adds a
-- command of one's own.

local extern_dbgcmd = {}

local function commands(skynet, info_func)
	local dbgcmd = {}

	function dbgcmd.MEM()
		skynet.ret(skynet.pack(collectgarbage "count"))
	end

	local gcing = false
	function dbgcmd.GC()
		if gcing then return end   -- one at a time; the rest are dropped, as skynet's
		gcing = true
		local before, before_time = collectgarbage "count", skynet.now()
		collectgarbage "collect"
		skynet.yield()
		local after = collectgarbage "count"
		skynet.error(string.format("GC %.2f Kb -> %.2f Kb, cost %.2f sec", before, after,
			(skynet.now() - before_time) / 100))
		gcing = false
	end

	function dbgcmd.STAT()
		skynet.ret(skynet.pack({ task = skynet.task(), mqlen = skynet.stat "mqlen", cpu = skynet.stat "cpu", message = skynet.stat "message" }))
	end

	-- TASK: every task's traceback (skynet.task's table); TASK n: task n's only.
	function dbgcmd.TASK(session)
		if session then
			skynet.ret(skynet.pack(skynet.task(session)))
		else
			local t = {}
			skynet.task(t)
			skynet.ret(skynet.pack(t))
		end
	end

	-- UNIQTASK: the tasks grouped by traceback; KILLTASK: ends one, as skynet.killthread.
	function dbgcmd.UNIQTASK()
		skynet.ret(skynet.pack(skynet.uniqtask()))
	end

	function dbgcmd.KILLTASK(thread)
		skynet.ret(skynet.pack(skynet.killthread(thread)))
	end

	function dbgcmd.INFO(...)
		local f = info_func()
		if f then
			skynet.ret(skynet.pack(f(...)))
		else
			skynet.ret(skynet.pack(nil))
		end
	end

	function dbgcmd.EXIT()
		skynet.exit()
	end

	-- Runs a chunk in this service through skynet.inject, as skynet's does: _U and _P
	-- reach the tables the service's dispatch functions close over, the globals it sets
	-- stay its own, what it prints is the answer. Text only, in the service's own
	-- sandbox: it can do nothing the service itself could not.
	function dbgcmd.RUN(source, filename, ...)
		local inject = require "skynet.inject"
		local ok, output = inject(skynet, source, filename, table.pack(...), skynet.dispatch, skynet.register_protocol)
		skynet.ret(skynet.pack(ok, table.concat(output, "\n")))
	end

	function dbgcmd.TERM(service)
		skynet.term(service)
	end

	function dbgcmd.SUPPORT(pname)
		skynet.ret(skynet.pack(skynet.dispatch(pname) ~= nil))
	end

	function dbgcmd.PING()
		skynet.ret()
	end

	-- Takes the answer and never gives it: the caller's call fails when this service
	-- exits, which is what it waits for.
	function dbgcmd.LINK()
		skynet.response()
	end

	-- TRACELOG [proto] flag: skynet.traceproto, as skynet's: true traces every message of
	-- the protocol (its task and the calls it makes), false forces tracing off for it.
	function dbgcmd.TRACELOG(proto, flag)
		if type(proto) ~= "string" then
			flag = proto
			proto = "lua"
		end
		if skynet.proto[proto] == nil then error("TRACELOG: unknown protocol " .. tostring(proto)) end
		skynet.error(string.format("Turn trace log %s for %s", tostring(flag), proto))
		skynet.traceproto(proto, flag)
		skynet.ret()
	end

	return dbgcmd
end

-- The debug protocol's dispatch function; skynet.lua loads this module on a service's
-- first debug message, so a service nobody asks pays nothing for it.
local function dispatcher(skynet, info_func)
	local dbgcmd = commands(skynet, info_func)
	return function(session, source, cmd, ...)
		local f = dbgcmd[cmd] or extern_dbgcmd[cmd]
		if f == nil then error("unknown debug command " .. tostring(cmd)) end
		f(...)
	end
end

return {
	dispatcher = dispatcher,
	reg_debugcmd = function(name, fn) extern_dbgcmd[name] = fn end,
}
