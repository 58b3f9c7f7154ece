-- The provider of skynet.service: one per node (a unique service), it starts each named
-- service once, in a service_cell, and answers who asks for it, also while it boots.
local skynet = require "skynet"

local services = {}   -- name -> { address, booting, error, waiting = { responses } }

local function slot(name)
	local s = services[name]
	if not s then
		s = { waiting = {} }
		services[name] = s
	end
	return s
end

local provider = {}

-- The address, waiting while it boots; the boot's error if it failed.
function provider.query(name)
	local s = slot(name)
	if s.address then
		return skynet.retpack(s.address)
	elseif s.error then
		error(s.error)
	end
	s.waiting[#s.waiting + 1] = skynet.response()
end

local function answer_waiting(s, ok, value)
	local waiting = s.waiting
	s.waiting = {}
	for _, resp in ipairs(waiting) do
		if ok then resp(true, value) else resp(false, value) end
	end
end

local function boot(addr, code, ...)
	skynet.call(addr, "lua", "init", code, ...)
end

function provider.launch(name, code, ...)
	local s = slot(name)
	if s.address then
		return skynet.retpack(s.address)
	elseif s.booting then
		s.waiting[#s.waiting + 1] = skynet.response()
		return
	end
	s.booting = true
	s.error = nil
	local ok, addr = pcall(skynet.newservice, "service_cell", name)
	local err
	if ok then
		ok, err = pcall(boot, addr, code, ...)
	else
		err, addr = addr, nil
	end
	s.booting = nil
	if ok then
		s.address = addr
		s.time = skynet.time()
		answer_waiting(s, true, addr)
		return skynet.retpack(addr)
	end
	if addr then skynet.kill(addr) end
	s.error = tostring(err)
	answer_waiting(s, false, s.error)
	error(s.error)
end

-- The address if it runs, or (nil, true) while it boots; the boot's error if it failed.
function provider.test(name)
	local s = services[name]
	if s and s.booting then
		skynet.retpack(nil, true)
	elseif s and s.address then
		skynet.retpack(s.address)
	elseif s and s.error then
		error(s.error)
	else
		skynet.retpack(nil)
	end
end

-- Forgets the name and returns its address for the caller to kill (nil while it boots).
function provider.close(name)
	local s = services[name]
	if not s or s.booting then
		return skynet.retpack(nil)
	end
	services[name] = nil
	skynet.retpack(s.address)
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		local f = provider[cmd]
		if not f then
			error("service_provider: unknown command " .. tostring(cmd))
		end
		f(...)
	end)
end)
