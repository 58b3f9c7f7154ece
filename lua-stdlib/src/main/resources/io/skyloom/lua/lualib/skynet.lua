-- skynet's Lua API for Skyloom (Lua 5.2, LuaJ). The call/ret/session rules live in
-- the kernel (shared with the Java gateway); this module keeps skynet's protocol
-- table and dispatch, and carries values to the primitives of skynet.core.
local c = require "skynet.core"

local skynet = {
	PTYPE_TEXT = 0,
	PTYPE_RESPONSE = 1,
	PTYPE_MULTICAST = 2,
	PTYPE_CLIENT = 3,
	PTYPE_SYSTEM = 4,
	PTYPE_HARBOR = 5,
	PTYPE_SOCKET = 6,
	PTYPE_ERROR = 7,
	PTYPE_QUEUE = 8,
	PTYPE_DEBUG = 9,
	PTYPE_LUA = 10,
	PTYPE_SNAX = 11,
	PTYPE_TRACE = 12,
	PTYPE_FOREIGN_REMOTE = 254,
	PTYPE_FOREIGN = 255,
}

local proto = {}
skynet.proto = proto

function skynet.register_protocol(class)
	local name, id = class.name, class.id
	assert(type(name) == "string", "protocol name must be a string")
	assert(type(id) == "number" and id >= 0 and id <= 255, "protocol id must be 0..255")
	assert(proto[name] == nil and proto[id] == nil, "protocol " .. name .. " is already registered")
	proto[name] = class
	proto[id] = class
end

local function protocol(typename)
	local p = proto[typename]
	if p == nil then
		error("unknown protocol " .. tostring(typename), 3)
	end
	return p
end

-- ---- values ----

skynet.pack = c.pack
skynet.unpack = c.unpack
skynet.tostring = c.tostring

function skynet.packstring(...)
	return c.pack(...)
end

function skynet.trash() end

-- ---- messages ----

function skynet.send(addr, typename, ...)
	local p = protocol(typename)
	return c.send(addr, p.id, p.pack(...))
end

function skynet.rawsend(addr, typename, msg)
	return c.send(addr, protocol(typename).id, msg)
end

-- skynet.redirect(dest, source, typename, session, msg): sends msg as if from source.
function skynet.redirect(dest, source, typename, session, msg)
	return c.redirect(dest, source, protocol(typename).id, session, msg)
end

-- ---- tracing (skynet.trace): a tagged task logs its steps, and its calls tag the
-- callee's task; off until a service first traces, so calls pay one boolean test ----

local tracing = false
local task_tag = setmetatable({}, { __mode = "k" })   -- task -> tag, false: forced off
local trace_source = {}                                -- source -> tag of its next request
local traceid = 0

local function trace_call(addr)
	local tag = task_tag[coroutine.running()]
	if tag then
		c.trace(tag, "call")
		c.send(addr, skynet.PTYPE_TRACE, tag)
	end
end

function skynet.trace(info)
	local me = coroutine.running()
	if task_tag[me] == false then
		return   -- the protocol forces tracing off
	end
	tracing = true
	traceid = traceid + 1
	local tag = string.format(":%08x-%d", c.self(), traceid)
	task_tag[me] = tag
	c.trace(tag, info and ("trace " .. tostring(info)) or "trace")
end

function skynet.tracetag()
	return task_tag[coroutine.running()]
end

skynet.tracelog = c.trace

-- true: trace every request of the protocol; false: never; nil: when skynet.trace asks
function skynet.traceproto(prototype, flag)
	local p = assert(proto[prototype])
	p.trace = flag
	if flag then tracing = true end
end

function skynet.call(addr, typename, ...)
	local p = protocol(typename)
	if tracing then trace_call(addr) end
	return p.unpack(c.call(addr, p.id, p.pack(...)))
end

function skynet.rawcall(addr, typename, msg)
	if tracing then trace_call(addr) end
	return c.call(addr, protocol(typename).id, msg)
end

function skynet.ret(msg)
	if tracing then
		local tag = task_tag[coroutine.running()]
		if tag then c.trace(tag, "response") end
	end
	return c.ret(msg)
end

-- The session and source of the request this task handles (nil in start, forks, timeouts).
skynet.context = c.context

-- This task will not answer its request, and need not: no "maybe forgot response".
-- Its caller waits until this service exits, as in skynet.
skynet.ignoreret = c.ignoreret

-- retpack and response pack their answer with the protocol of the request the task
-- is handling, so a foreign request gets a foreign answer. The kernel knows that
-- protocol (c.reqtype), so a message costs no weak-table entry keyed by its task.
local function current_pack()
	local p = proto[c.reqtype()]
	return p and p.pack or c.pack
end

function skynet.retpack(...)
	return c.ret(current_pack()(...))
end

-- Returns a function that answers the current request once, from any task of this
-- service: response(true, ...) answers with pack(...), response(false) with an error,
-- and response("TEST") tells, without answering, whether the caller is still alive.
function skynet.response(pack)
	pack = pack or current_pack()
	if c.context() == 0 then
		return function() end   -- a send: nobody waits for an answer (skynet's answer too)
	end
	local r = c.response()
	return function(ok, ...)
		if ok == "TEST" then
			return c.calleralive(r)
		end
		if ok then
			return c.respond(r, true, pack(...))
		end
		return c.respond(r, false, ... or "response error")
	end
end

function skynet.dispatch(typename, func)
	local p = proto[typename]
	if func then
		assert(p, "unknown protocol " .. tostring(typename))
		local old = p.dispatch
		p.dispatch = func
		return old
	end
	return p and p.dispatch
end

-- A message of a protocol this service does not speak, or has no dispatch for: the
-- default raises, so a request's caller gets the error. (session, source, msg, sz, prototype)
-- as skynet's; Skyloom's messages carry no size, so sz is nil.
local function unknown_request(session, source, msg, sz, prototype)
	if type(prototype) == "string" then
		error(string.format("no dispatch function for protocol %s (message from %s)", prototype, c.address(source)))
	end
	error(string.format("unknown protocol %d from %s", prototype, c.address(source)))
end

function skynet.dispatch_unknown_request(unknown)
	local prev = unknown_request
	unknown_request = unknown
	return prev
end

-- Kept for code ported from skynet: Skyloom's kernel drops a response nobody waits for
-- (and logs it) before Lua sees it, so this function is never called.
local unknown_response = function(session, source, msg, sz)
	error(string.format("Unknown session : %d from %x", session, source))
end

function skynet.dispatch_unknown_response(unknown)
	local prev = unknown_response
	unknown_response = unknown
	return prev
end

local function traced_dispatch(me, p, source)
	local flag = p.trace
	if flag == false then
		trace_source[source] = nil
		task_tag[me] = false
		return
	end
	local tag = trace_source[source]
	if tag then
		trace_source[source] = nil
		c.trace(tag, "request")
		task_tag[me] = tag
	elseif flag then
		skynet.trace()
	end
end

local function dispatch_message(prototype, session, source, msg)
	local p = proto[prototype]
	if p == nil then
		if prototype == skynet.PTYPE_TRACE then
			tracing = true
			trace_source[source] = c.tostring(msg)   -- tags the next request from source
			return
		end
		return unknown_request(session, source, msg, nil, prototype)
	end
	local f = p.dispatch
	if f == nil then
		return unknown_request(session, source, msg, nil, p.name)
	end
	if tracing then traced_dispatch(coroutine.running(), p, source) end
	f(session, source, p.unpack(msg))
	if tracing then   -- tested again: the handler itself may have begun to trace
		local me = coroutine.running()
		local tag = task_tag[me]
		if tag then c.trace(tag, "end") end
		task_tag[me] = nil
	end
end

-- ---- service life ----

-- skynet.require and skynet.init: skynet's two-step module loading (skynet/require.lua)
local skynet_require = require "skynet.require"
skynet.require = skynet_require.require
skynet.init = skynet_require.init

local init_thread   -- the task running start, until start returns

-- Runs the skynet.init functions, then start. skynet's logs a failure and exits; here
-- the error goes on to the service's creator, whose newservice raises it.
function skynet.init_service(start)
	skynet_require.init_all()
	start()
end

function skynet.start(start_func)
	c.callback(dispatch_message)
	c.start(function()
		init_thread = coroutine.running()
		skynet.init_service(start_func)
		init_thread = nil
	end)
end

-- skynet.pcall is deprecated in skynet: pcall itself works across blocking calls.
skynet.pcall = pcall

skynet.self = c.self
-- true once after the node's monitor found this service running too long without
-- yielding ("maybe in an endless loop"), as skynet's
skynet.endless = c.endless

-- Bounds what this service's Lua state may hold, in bytes; past it Lua code gets
-- "not enough memory" (pcall catches it). Once, as in skynet.
function skynet.memlimit(bytes)
	c.memlimit(bytes)
	skynet.memlimit = nil
end
skynet.stat = c.stat

function skynet.mqlen()
	return c.stat("mqlen")
end

-- skynet.term(service): take service for gone; calls waiting on it fail now.
skynet.term = c.term
-- The node id (skynet's harbor id) of addr, and whether it is another node's.
skynet.harbor = c.harbor
skynet.exit = c.exit
skynet.abort = c.abort
skynet.address = c.address
skynet.newservice = c.newservice
skynet.localname = c.query

function skynet.kill(addr)
	return c.kill(addr)
end

function skynet.uniqueservice(global, ...)
	if global == true then
		return c.uniqueservice(...)
	end
	return c.uniqueservice(global, ...)
end

function skynet.queryservice(global, name)
	if global == true then
		return c.queryservice(name)
	end
	return c.queryservice(global)
end

function skynet.name(name, handle)
	c.name(name, handle)
end

function skynet.register(name)
	c.name(name, c.self())
end

-- ---- time and tasks ----

skynet.now = c.now
skynet.time = c.time
skynet.starttime = c.starttime
skynet.hpc = c.hpc
-- Parks for ti ticks (1/100 s); returns "BREAK" when skynet.wakeup(token) ends it
-- early. The token defaults to the running coroutine. A primitive, not a Lua wrapper:
-- every frame under a parked task is copied to the heap while it sleeps.
skynet.sleep = c.sleep

local timeout_traceback   -- co -> where its timeout was made, while trace_timeout is on

function skynet.timeout(ti, func)
	if not timeout_traceback then
		return c.timeout(ti, func)
	end
	local co
	co = c.timeout(ti, function()
		if timeout_traceback then timeout_traceback[co] = nil end
		return func()
	end)
	timeout_traceback[co] = debug.traceback(string.format("TIMER %d+%d : ", c.now(), ti), 2)
	return co
end

-- on: skynet.task shows, for a timeout not yet run, where it was made
function skynet.trace_timeout(on)
	timeout_traceback = on and (timeout_traceback or setmetatable({}, { __mode = "k" })) or nil
end

skynet.fork = c.fork
skynet.wakeup = c.wakeup
skynet.genid = c.genid

-- ---- the service's tasks: those parked in a call, sleep or wait, and timeouts to run ----

local function task_traceback(co)
	return timeout_traceback and timeout_traceback[co] or debug.traceback(co)
end

-- task(): how many; task(t): fills t with a traceback per task; task(n): one traceback;
-- task(co): co's number; task("init"): where start is, while it runs.
function skynet.task(ret)
	if ret == nil then
		return c.taskcount()
	end
	if ret == "init" then
		return init_thread and debug.traceback(init_thread) or nil
	end
	local tt = type(ret)
	if tt == "table" then
		for id, co in pairs(c.tasks()) do
			ret[string.format("%s session: %d", tostring(co), id)] = task_traceback(co)
		end
		return
	elseif tt == "number" then
		local co = c.tasks()[ret]
		return co and task_traceback(co) or "No session"
	elseif tt == "thread" then
		for id, co in pairs(c.tasks()) do
			if co == ret then return id end
		end
		return
	end
	error("bad argument #1 to 'task' (nil, table, number, thread or \"init\" expected, got " .. tt .. ")", 2)
end

-- Tasks grouped by traceback: "count\tsessions:[...]\n" -> traceback.
function skynet.uniqtask()
	local stacks = {}
	for id, co in pairs(c.tasks()) do
		local stack = task_traceback(co)
		local info = stacks[stack] or { count = 0, sessions = {} }
		info.count = info.count + 1
		if info.count < 10 then
			info.sessions[#info.sessions + 1] = id
		end
		stacks[stack] = info
	end
	local ret = {}
	for stack, info in pairs(stacks) do
		local sessions = table.concat(info.sessions, ",")
		if info.count > 10 then sessions = sessions .. "..." end
		ret[string.format("%d\tsessions:[%s]\n", info.count, sessions)] = stack
	end
	return ret
end

-- Ends a parked task (its caller, if any, gets an error) or a fork or timeout not yet
-- run; by its coroutine or by text its tostring contains. Returns the coroutine, or nil.
skynet.killthread = c.killthread

function skynet.yield()
	c.sleep(0)
end

skynet.wait = c.wait

-- ---- env and log ----

skynet.getenv = c.getenv
skynet.setenv = c.setenv
skynet.error = c.log

-- ---- the protocols every service speaks ----

local function text_pack(...)
	local n = select("#", ...)
	if n == 0 then
		return ""
	elseif n == 1 then
		return tostring((...))
	end
	local t = { ... }
	for i = 1, n do t[i] = tostring(t[i]) end
	return table.concat(t, " ")
end

skynet.register_protocol { name = "lua", id = skynet.PTYPE_LUA, pack = c.pack, unpack = c.unpack }
skynet.register_protocol { name = "response", id = skynet.PTYPE_RESPONSE }
skynet.register_protocol { name = "error", id = skynet.PTYPE_ERROR, unpack = function(...) return ... end }
skynet.register_protocol { name = "text", id = skynet.PTYPE_TEXT, pack = text_pack, unpack = c.tostring }
skynet.register_protocol { name = "foreign", id = skynet.PTYPE_FOREIGN, pack = c.fpack, unpack = c.funpack }
-- The "debug" protocol every service answers, as skynet's; its commands load with the
-- first debug message (most services never get one: a spawn costs less).
local info_func
function skynet.info_func(f)
	info_func = f
end

skynet.register_protocol {
	name = "debug",
	id = skynet.PTYPE_DEBUG,
	pack = c.pack,
	unpack = c.unpack,
	dispatch = function(...)
		local dispatch = require("skynet.debug").dispatcher(skynet, function() return info_func end)
		proto.debug.dispatch = dispatch
		return dispatch(...)
	end,
}

return skynet
