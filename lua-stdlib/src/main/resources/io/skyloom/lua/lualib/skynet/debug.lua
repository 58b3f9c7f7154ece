-- skynet.debug for Skyloom: the "debug" protocol (PTYPE_DEBUG) that every Lua service
-- answers, as skynet's does, so the debug console, the REPL and any service can ask a
-- service how it is: MEM, GC, STAT, TASK, UNIQTASK, KILLTASK, INFO, EXIT, RUN, TERM, LINK, TRACELOG,
-- SUPPORT, PING. skynet.lua calls init once; reg_debugcmd adds a command of one's own.
local c = require "skynet.core"

local extern_dbgcmd = {}

-- TRACELOG: the service's dispatcher (what skynet.start gives skynet.core.callback) is
-- kept here, and while some protocol is traced a wrapper that logs each message of it
-- stands in its place; with none traced the dispatcher is the plain one again, so a
-- service that never traces pays nothing per message.
local traced = {}        -- protocol name -> true while on
local tracer             -- the logging dispatcher, made at the first TRACELOG
local dispatcher         -- the dispatcher skynet.start set
local set_callback = c.callback

c.callback = function(f)
	dispatcher = f
	set_callback(next(traced) and tracer or f)
end

local function tracing_dispatcher(skynet)
	return function(ptype, session, source, msg)
		local p = skynet.proto[ptype]
		if not (p and traced[p.name]) then return dispatcher(ptype, session, source, msg) end
		local start = skynet.now()
		skynet.error(string.format("<TRACE %s> message from %s, session %d", p.name, skynet.address(source), session))
		dispatcher(ptype, session, source, msg)
		skynet.error(string.format("<TRACE %s> done in %.2f s", p.name, (skynet.now() - start) / 100))
	end
end

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

	function dbgcmd.TRACELOG(proto, flag)
		if type(proto) ~= "string" then
			flag = proto
			proto = "lua"
		end
		if skynet.proto[proto] == nil then error("TRACELOG: unknown protocol " .. tostring(proto)) end
		skynet.error(string.format("Turn trace log %s for %s", tostring(flag), proto))
		traced[proto] = flag and true or nil
		if dispatcher then
			tracer = tracer or tracing_dispatcher(skynet)
			set_callback(next(traced) and tracer or dispatcher)
		end
		skynet.ret()
	end

	return dbgcmd
end

local function init(skynet)
	local info_func

	function skynet.info_func(f)
		info_func = f
	end

	local dbgcmd
	skynet.register_protocol {
		name = "debug",
		id = skynet.PTYPE_DEBUG,
		pack = skynet.pack,
		unpack = skynet.unpack,
		dispatch = function(session, source, cmd, ...)
			dbgcmd = dbgcmd or commands(skynet, function() return info_func end)
			local f = dbgcmd[cmd] or extern_dbgcmd[cmd]
			if f == nil then error("unknown debug command " .. tostring(cmd)) end
			f(...)
		end,
	}
end

return {
	init = init,
	reg_debugcmd = function(name, fn) extern_dbgcmd[name] = fn end,
}
