-- service_mgr for Skyloom: the unique and global snax services of skynet's ".service".
-- LAUNCH starts one per name (others asking meanwhile wait), QUERY waits until one is
-- started. Global ones (GLAUNCH, GQUERY) are kept by one node, as by skynet's master:
-- a node without harbor keeps its own; across a harbor node 1 keeps them under the
-- global name SNAX_SERVICE_MGR and the others ask it. Every command answers (handle)
-- or (nil, error), as skynet's does.
local skynet = require "skynet"
local snax = require "skynet.snax"

local cmd = {}
local services = {}   -- key -> handle, or error text, or { waiting responses }

local function finish(key, ok, value)
	local waiting = services[key]
	services[key] = ok and value or tostring(value)
	for _, resp in ipairs(waiting) do
		resp(true, ok and value or nil, (not ok) and tostring(value) or nil)
	end
end

-- Answers the current request with the service of key, starting it with start(...) if
-- nobody has; a nil start only waits.
local function waitfor(key, start, ...)
	local s = services[key]
	if type(s) == "number" then
		return skynet.retpack(s)
	elseif type(s) == "string" then
		return skynet.retpack(nil, s)
	elseif s == nil then
		s = {}
		services[key] = s
	end
	if start and not s.starting then
		s.starting = true
		local ok, handle = pcall(start, ...)
		finish(key, ok, handle)
		if ok then
			return skynet.retpack(handle)
		end
		return skynet.retpack(nil, tostring(handle))
	end
	s[#s + 1] = skynet.response()
end

local function key_of(kind, name)
	if kind ~= "snaxd" then
		error("service_mgr of Skyloom keeps snax services (snaxd) only, not " .. tostring(kind))
	end
	return "snaxd." .. tostring(name)
end

function cmd.LAUNCH(kind, name, ...)
	return waitfor(key_of(kind, name), snax.rawnewservice, name, ...)
end

function cmd.QUERY(kind, name)
	return waitfor(key_of(kind, name))
end

local harbor_id = math.floor(skynet.self() / 2 ^ 24)
local keeper = harbor_id == 0 or harbor_id == 1

local function remote(command, kind, name, ...)
	local harbor = require "skynet.harbor"
	local master = harbor.queryname("SNAX_SERVICE_MGR")
	local key = "@" .. key_of(kind, name)
	return waitfor(key, function(...)
		return assert(skynet.call(master, "lua", command, kind, name, ...))
	end, ...)
end

-- A global service is another one than the unique service of the same name, as in skynet.
function cmd.GLAUNCH(kind, name, ...)
	if keeper then
		return waitfor("@" .. key_of(kind, name), snax.rawnewservice, name, ...)
	end
	return remote("GLAUNCH", kind, name, ...)
end

function cmd.GQUERY(kind, name)
	if keeper then
		return waitfor("@" .. key_of(kind, name))
	end
	return remote("GQUERY", kind, name)
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, command, ...)
		local f = cmd[command]
		if not f then
			return skynet.retpack(nil, "Invalid command " .. tostring(command))
		end
		local ok, err = pcall(f, ...)
		if not ok then
			skynet.retpack(nil, err)
		end
	end)
	if keeper and harbor_id ~= 0 then
		local harbor = require "skynet.harbor"
		harbor.globalname("SNAX_SERVICE_MGR")
	end
end)
