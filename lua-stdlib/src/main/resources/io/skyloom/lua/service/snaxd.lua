-- snaxd: runs one snax service file. Its accept.* methods answer sends and its response.*
-- methods calls of the "snax" protocol; init must come first and exit ends it. Each
-- method's count and time (skynet.profile) are kept for snax.profile_info.
local skynet = require "skynet"
local snax_interface = require "snax.interface"
local profile = require "skynet.profile"
local snax = require "skynet.snax"

local snax_name = tostring(...)
local loaderpath = skynet.getenv("snax_loader")
local loader = loaderpath and assert(dofile(loaderpath))
local methods, template = snax_interface(snax_name, _ENV, loader)

SERVICE_NAME = snax_name
SERVICE_PATH = string.sub(template, 1, (string.find(template, "?", 1, true) or 1) - 1) .. snax_name .. "/"

local stats = {}

local function count(name, seconds)
	local s = stats[name]
	if not s then
		s = { count = 0, time = 0 }
		stats[name] = s
	end
	s.count = s.count + 1
	s.time = s.time + seconds
end

local function answer(f, ...)
	return skynet.retpack(f(...))
end

local function timed(method, ...)
	profile.start()
	local ok, err
	if method[2] == "accept" then
		ok, err = xpcall(method[4], debug.traceback, ...)
	else
		ok, err = xpcall(answer, debug.traceback, method[4], ...)
	end
	count(method[3], profile.stop())
	if not ok then
		error(err, 0)
	end
end

local initialized = false
local system = {}

function system.hotfix(_, ...)
	local hotfix = require "snax.hotfix"
	skynet.retpack(hotfix(methods, ...))
end

function system.profile()
	skynet.retpack(stats)
end

function system.init(method, ...)
	assert(not initialized, "Already init")
	if method[4] then
		method[4](...)
	end
	skynet.ret()
	initialized = true
end

function system.exit(method, ...)
	assert(initialized, "Never init")
	if method[4] then
		method[4](...)
	end
	skynet.ret()
	initialized = false
	skynet.exit()
end

local function dispatch(session, source, id, ...)
	local method = methods[id]
	if not method then
		error(string.format("snax %s: no method %s", snax_name, tostring(id)))
	end
	if method[2] == "system" then
		return system[method[3]](method, ...)
	end
	assert(initialized, "Init first")
	timed(method, ...)
end

skynet.start(function()
	skynet.dispatch("snax", dispatch)
	-- a snax service answering the lua protocol too (skynet's cluster use)
	function snax.enablecluster()
		skynet.dispatch("lua", dispatch)
	end
end)
