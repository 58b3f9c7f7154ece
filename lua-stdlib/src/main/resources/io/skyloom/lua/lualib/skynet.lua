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

-- skynet.redirect(addr, source, "client", fd, msg): the gate's way to hand a client's
-- packet to its agent with the fd as the session. Only the client protocol, and from
-- this service: source is not forged (Skyloom accepts replies only from the callee).
function skynet.redirect(addr, source, typename, session, msg)
	assert(typename == "client" or typename == skynet.PTYPE_CLIENT,
		"skynet.redirect sends only client messages in Skyloom, not " .. tostring(typename))
	return c.redirect(addr, session, msg)
end

-- a client message's session is its fd: there is nothing to answer
function skynet.ignoreret() end

function skynet.call(addr, typename, ...)
	local p = protocol(typename)
	return p.unpack(c.call(addr, p.id, p.pack(...)))
end

function skynet.rawcall(addr, typename, msg)
	return c.call(addr, protocol(typename).id, msg)
end

function skynet.ret(msg)
	return c.ret(msg)
end

-- The protocol of the request each task is handling: retpack and response pack
-- their answer with it, so a foreign request gets a foreign answer.
local task_protocol = setmetatable({}, { __mode = "k" })

local function current_pack()
	local p = task_protocol[coroutine.running()]
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

local function dispatch_message(prototype, session, source, msg)
	local p = proto[prototype]
	if p == nil then
		error(string.format("unknown protocol %d from %s", prototype, c.address(source)))
	end
	local f = p.dispatch
	if f == nil then
		error(string.format("no dispatch function for protocol %s (message from %s)", p.name, c.address(source)))
	end
	local me = coroutine.running()
	task_protocol[me] = p
	f(session, source, p.unpack(msg))
	task_protocol[me] = nil
end

-- ---- service life ----

local init_funcs = {}

function skynet.init(f)
	init_funcs[#init_funcs + 1] = f
end

function skynet.start(start_func)
	c.callback(dispatch_message)
	c.start(function()
		for i = 1, #init_funcs do
			init_funcs[i]()
		end
		init_funcs = {}
		start_func()
	end)
end

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

skynet.timeout = c.timeout
skynet.fork = c.fork
skynet.wakeup = c.wakeup

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

return skynet
