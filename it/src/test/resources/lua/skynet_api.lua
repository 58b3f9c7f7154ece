-- Exercises skynet's Lua API; Java calls each command through foreign and checks results.
local skynet = require "skynet"
require "skynet.manager"
local queue = require "skynet.queue"
local foreign = require "pyskynet.foreign"

local echo
local CMD = {}

function CMD.sleep_and_now()
	local t0 = skynet.now()
	skynet.sleep(3)
	return skynet.now() - t0 >= 3, type(skynet.time()), skynet.starttime() > 0, skynet.hpc() > 0
end

function CMD.fork_wait_wakeup()
	local me = coroutine.running()
	local log = {}
	skynet.fork(function(a, b)
		log[#log + 1] = "fork " .. a .. b
		skynet.wakeup(me)
	end, "x", "y")
	skynet.wait(me)
	log[#log + 1] = "woken"
	return log
end

function CMD.fork_returns_its_coroutine()
	-- skynet.fork returns the new task's coroutine: the token its sleep and wait use
	local me = coroutine.running()
	local log = {}
	local co
	co = skynet.fork(function()
		local r = skynet.sleep(100000)
		log[#log + 1] = r or "slept"
		log[#log + 1] = coroutine.running() == co
		skynet.wakeup(me)
	end)
	skynet.yield()   -- the fork starts its sleep first
	log[#log + 1] = type(co)
	log[#log + 1] = skynet.wakeup(co)
	skynet.wait(me)
	local later = skynet.timeout(1, function() skynet.wakeup(me) end)
	skynet.wait(me)
	log[#log + 1] = type(later)
	return log
end

local parked = {}

function CMD.park_caller()
	parked.response = skynet.response()
	skynet.wakeup(parked.waiter)
end

function CMD.two_waits_on_one_coroutine()
	local co = skynet.fork(function() skynet.wait() end)   -- waits on its own coroutine
	skynet.yield()
	local ok, err = pcall(skynet.wait, co)                 -- a second waiter on that token
	local woke = skynet.wakeup(co)
	return ok, err, woke, skynet.wakeup(co)
end

function CMD.response_test_tells_whether_the_caller_lives()
	-- a relay service asks us; we keep its response and look before and after it dies
	local relay = skynet.newservice("relay")
	parked.waiter = coroutine.running()
	skynet.send(relay, "lua", skynet.self(), "park_caller")
	skynet.wait(parked.waiter)
	local resp = parked.response
	local before = resp("TEST")
	skynet.kill(relay)
	local after = resp("TEST")
	return before, after, resp(true, "too late")
end

function CMD.timeout()
	local me = coroutine.running()
	local fired
	skynet.timeout(2, function()
		fired = true
		skynet.wakeup(me)
	end)
	skynet.wait(me)
	return fired
end

function CMD.response_twice()
	-- answered later from another task; using the response twice is an error
	local resp = skynet.response()
	skynet.fork(function()
		resp(true, "first")
		local ok, err = pcall(resp, true, "second")
		skynet.setenv("response_twice", tostring(ok) .. " " .. tostring(err))
	end)
end

function CMD.sleep_break()
	local me = coroutine.running()
	skynet.fork(function() skynet.wakeup(me) end)
	local r = skynet.sleep(100000)
	return r
end

function CMD.never_answers()
	skynet.wait()   -- parks forever: only the service's exit answers the caller
end

function CMD.exit_later()
	skynet.fork(function() skynet.exit() end)
	return "bye"
end

function CMD.pcall_positions()
	local _, a = pcall(function() error("boom") end)
	local _, b = pcall(function() local t; return t.x end)
	local _, c = xpcall(function() error("handled") end, function(m) return "h:" .. m end)
	local _, d = pcall(error, "bare", 0)
	return a, b, c, d
end

function CMD.call_dead()
	local s = skynet.newservice("echo")
	skynet.kill(s)
	local t0 = skynet.hpc()
	local ok, err = pcall(skynet.call, s, "lua", "x")
	return ok, err, (skynet.hpc() - t0) < 1e9
end

function CMD.names()
	skynet.register(".api")
	skynet.name(".echo_alias", echo)
	return skynet.localname(".api") == skynet.self(), skynet.call(".echo_alias", "lua", "via name"),
		skynet.localname(".nobody"), skynet.address(skynet.self())
end

function CMD.env()
	skynet.setenv("api_key", "v1")
	local ok, err = pcall(skynet.setenv, "api_key", "v2")
	return skynet.getenv("api_key"), ok, err
end

function CMD.missing_service()
	local ok, err = pcall(skynet.newservice, "does_not_exist")
	return ok, err
end

function CMD.unique()
	-- queryservice waits until someone starts the unique service, as skynet's does
	local queried
	local me = coroutine.running()
	skynet.fork(function()
		queried = skynet.queryservice("echo")
		skynet.wakeup(me)
	end)
	skynet.yield()
	local waited = queried == nil
	local a = skynet.uniqueservice("echo")
	local b = skynet.uniqueservice("echo")
	if not queried then skynet.wait(me) end
	return a == b, skynet.queryservice("echo") == a, waited and queried == a
end

function CMD.unique_while_starting()
	-- two tasks ask for one unique service at once; its start calls back into us,
	-- so the task that waits for the start under way must not hold this service
	local me = coroutine.running()
	local got = {}
	for i = 1, 2 do
		skynet.fork(function()
			got[i] = skynet.uniqueservice("slow_unique", skynet.self())
			if got[1] and got[2] then skynet.wakeup(me) end
		end)
	end
	skynet.wait(me)
	return got[1] == got[2], skynet.call(got[1], "lua")
end

function CMD.critical_section()
	local cs = queue()
	local inside, max, done = 0, 0, 0
	local me = coroutine.running()
	for i = 1, 5 do
		skynet.fork(function()
			cs(function()
				inside = inside + 1
				if inside > max then max = inside end
				skynet.call(echo, "lua", i)   -- a blocking point inside the section
				inside = inside - 1
			end)
			done = done + 1
			if done == 5 then skynet.wakeup(me) end
		end)
	end
	skynet.wait(me)
	return max
end

function CMD.pack()
	local msg = skynet.pack(1, "two", { 3 })
	local a, b, c = skynet.unpack(msg)
	return a, b, c[1], skynet.tostring("text")
end

function CMD.text_protocol()
	return skynet.call(echo, "lua", "plain")
end

function CMD.coroutine_calls()
	-- a user coroutine that blocks in skynet.call, while other tasks of this service run
	local gen = coroutine.wrap(function()
		for i = 1, 3 do
			coroutine.yield(skynet.call(echo, "lua", i * 10))
		end
	end)
	local out = {}
	for v in gen do out[#out + 1] = v end
	return out
end

function CMD.raw_and_custom_protocol()
	-- a protocol of our own, with its own pack/unpack, and raw messages
	skynet.register_protocol {
		name = "upper", id = 100,
		pack = function(s) return s end,
		unpack = function(msg) return skynet.tostring(msg) end,
	}
	local ok = pcall(skynet.register_protocol, { name = "upper", id = 101 })
	local r1 = skynet.unpack(skynet.rawcall(echo, "lua", skynet.pack("raw", 1)))
	local sent = skynet.rawsend(echo, "lua", skynet.pack("fire and forget"))
	return r1, sent, ok
end

foreign.dispatch(CMD)

skynet.start(function()
	skynet.dispatch("lua", function(session, source, what)
		skynet.retpack(what == "ping" and "pong" or what)
	end)
	echo = skynet.newservice("echo")
end)
