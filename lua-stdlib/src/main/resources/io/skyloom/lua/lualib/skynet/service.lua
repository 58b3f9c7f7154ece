-- skynet.service for Skyloom: services defined inline, by a function, started once per
-- name by the node's service_provider. skynet carries string.dump's bytes to the new
-- service; the sandbox loads no binary chunk, so the function's compiled code travels
-- instead (skyloom.code.dump). Like skynet's, the function may use no upvalue but _ENV.
local skynet = require "skynet"
local code = require "skyloom.code"

local service = {}
local cache = {}
local provider

local function get_provider()
	provider = provider or skynet.uniqueservice("service_provider")
	return provider
end

local function check_name(fn, name)
	if type(name) ~= "string" then
		error(string.format("bad argument #1 to '%s' (string expected, got %s)", fn, type(name)), 3)
	end
end

-- The service of this name, started from mainfunc(...) unless one runs (or is starting) already.
function service.new(name, mainfunc, ...)
	check_name("service.new", name)
	if type(mainfunc) ~= "function" then
		error(string.format("bad argument #2 to 'service.new' (function expected, got %s)", type(mainfunc)), 2)
	end
	local p = get_provider()
	local addr, booting = skynet.call(p, "lua", "test", name)
	if not addr then
		if booting then
			addr = skynet.call(p, "lua", "query", name)
		else
			addr = skynet.call(p, "lua", "launch", name, code.dump(mainfunc, "service.new"), ...)
		end
	end
	cache[name] = addr
	return addr
end

-- Closes (kills) the service of this name; true if there was one.
function service.close(name)
	check_name("service.close", name)
	local addr = skynet.call(get_provider(), "lua", "close", name)
	if addr then
		cache[name] = nil
		skynet.kill(addr)
		return true
	end
	return false
end

-- The service of this name, waiting until someone starts it with service.new.
function service.query(name)
	check_name("service.query", name)
	if not cache[name] then
		cache[name] = skynet.call(get_provider(), "lua", "query", name)
	end
	return cache[name]
end

return service
