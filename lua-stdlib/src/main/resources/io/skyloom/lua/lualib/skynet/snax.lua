-- skynet.snax for Skyloom: services as files of accept.* (sends) and response.* (calls)
-- methods, run by snaxd; a handle's .post.NAME(...) sends to accept.NAME and
-- .req.NAME(...) calls response.NAME. Unique and global snax services are kept by the
-- built-in service_mgr, as skynet's ".service" keeps them.
local skynet = require "skynet"
local snax_interface = require "snax.interface"

local snax = {}
local interfaces = {}

local interface_g = skynet.getenv("snax_interface_g")
local G = interface_g and require(interface_g) or { require = function() end }
interface_g = nil

skynet.register_protocol {
	name = "snax",
	id = skynet.PTYPE_SNAX,
	pack = skynet.pack,
	unpack = skynet.unpack,
}

-- The method ids of a snax service, read from its file once per service that asks.
function snax.interface(name)
	local t = interfaces[name]
	if t then
		return t
	end
	t = { name = name, accept = {}, response = {}, system = {} }
	for _, m in ipairs(snax_interface(name, G)) do
		local id, group, method = m[1], m[2], m[3]
		t[group][method] = id
	end
	interfaces[name] = t
	return t
end

local function methods(kind, group, send, t, handle)
	return setmetatable({}, {
		__index = function(_, k)
			local id = t[group][k]
			if not id then
				error(string.format("%s %s:%s no exist", kind, t.name, tostring(k)), 2)
			end
			return function(...)
				return send(handle, "snax", id, ...)
			end
		end,
	})
end

local object_meta = {
	__tostring = function(v)
		return string.format("[%s:%x]", v.type, v.handle)
	end,
}

local bound = setmetatable({}, { __mode = "kv" })

local function check_object(fn, obj)
	if type(obj) ~= "table" or type(obj.type) ~= "string" or type(obj.handle) ~= "number" then
		error(string.format("bad argument #1 to '%s' (snax object expected, got %s)", fn, type(obj)), 3)
	end
end

-- The snax object of handle, a service of type (a snax file name).
function snax.bind(handle, type)
	local obj = bound[handle]
	if obj then
		assert(obj.type == type, "snax.bind: the service is a " .. obj.type .. ", not a " .. tostring(type))
		return obj
	end
	local t = snax.interface(type)
	obj = setmetatable({
		post = methods("post", "accept", skynet.send, t, handle),
		req = methods("request", "response", skynet.call, t, handle),
		type = type,
		handle = handle,
	}, object_meta)
	bound[handle] = obj
	return obj
end

-- A new snaxd running the file name; its init(...) has run when this returns.
function snax.rawnewservice(name, ...)
	local t = snax.interface(name)
	local handle = skynet.newservice("snaxd", name)
	if t.system.init then
		skynet.call(handle, "snax", t.system.init, ...)
	end
	return handle
end

function snax.newservice(name, ...)
	return snax.bind(snax.rawnewservice(name, ...), name)
end

local manager

local function mgr(cmd, name, ...)
	manager = manager or skynet.uniqueservice("service_mgr")
	local handle, err = skynet.call(manager, "lua", cmd, "snaxd", name, ...)
	if not handle then
		error(err, 3)
	end
	return snax.bind(handle, name)
end

function snax.uniqueservice(name, ...)
	return mgr("LAUNCH", name, ...)
end

function snax.globalservice(name, ...)
	return mgr("GLAUNCH", name, ...)
end

-- The unique service of this name, waiting until someone starts it.
function snax.queryservice(name)
	return mgr("QUERY", name)
end

function snax.queryglobal(name)
	return mgr("GQUERY", name)
end

-- Ends the service: its exit(...) runs, then it exits.
function snax.kill(obj, ...)
	check_object("kill", obj)
	local t = snax.interface(obj.type)
	skynet.call(obj.handle, "snax", t.system.exit, ...)
end

function snax.self()
	return snax.bind(skynet.self(), SERVICE_NAME)
end

function snax.exit(...)
	snax.kill(snax.self(), ...)
end

local function hotfix_result(ok, ...)
	if not ok then
		error((...), 0)
	end
	return ...
end

-- Patches the running service with source (snax.hotfix's rules); returns what the
-- patch's own hotfix(...) returns.
function snax.hotfix(obj, source, ...)
	check_object("hotfix", obj)
	if type(source) ~= "string" then
		error(string.format("bad argument #2 to 'hotfix' (string expected, got %s)", type(source)), 2)
	end
	local t = snax.interface(obj.type)
	return hotfix_result(skynet.call(obj.handle, "snax", t.system.hotfix, source, ...))
end

function snax.printf(fmt, ...)
	skynet.error(string.format(fmt, ...))
end

-- { method = { count = n, time = seconds } } of the service's accept and response methods.
function snax.profile_info(obj)
	check_object("profile_info", obj)
	local t = snax.interface(obj.type)
	return skynet.call(obj.handle, "snax", t.system.profile)
end

return snax
