-- Exercises skynet.service, skynet.snax, skynet.mqueue, skynet.require, skynet.profile and
-- skynet.inject; SkynetServiceModulesTest calls each command through foreign.
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"
local service = require "skynet.service"
local snax = require "skynet.snax"
local mqueue = require "skynet.mqueue"
local profile = require "skynet.profile"

REQ_LOG = {}
local req_a = require "req_a"             -- main chunk: a.init waits for skynet.start

local CMD = {}

local function err_of(f, ...)
	local ok, err = pcall(f, ...)
	return ok, ok and "" or tostring(err)
end

-- Polls cond every tick until it holds or about 5 s of ticks went by.
local function eventually(cond)
	for _ = 1, 500 do
		if cond() then return true end
		skynet.sleep(1)
	end
	return false
end

local function adder(base)
	local skynet = require "skynet"
	skynet.start(function()
		skynet.dispatch("lua", function(_, _, x)
			skynet.retpack(base + x, SERVICE_NAME)
		end)
	end)
end

function CMD.service_new_query_close()
	local a = service.new("adder", adder, 10)
	local sum, name = skynet.call(a, "lua", 5)
	local again = service.new("adder", adder, 99)
	local queried = service.query("adder")
	local from_other = skynet.call(skynet.newservice("svc_query"), "lua", "adder")
	local closed = service.close("adder")
	local dead = not pcall(skynet.call, a, "lua", 1)
	local closed_twice = service.close("adder")
	local b = service.new("adder", adder, 1000)
	local sum_b = skynet.call(b, "lua", 1)
	return sum, name, again == a, queried == a, from_other == a, closed, dead, closed_twice, b ~= a, sum_b
end

function CMD.service_query_waits_for_new()
	local got
	service.close("none of that name")   -- the provider is known, so the fork's first wait is its query
	local co = skynet.fork(function()
		got = service.query("late")
	end)
	-- parked in its query, which reached the provider before anything we send from now on
	local parked = eventually(function() return skynet.task(co) ~= nil end)
	local before = parked and got
	local h = service.new("late", adder, 1)
	local arrived = eventually(function() return got ~= nil end)
	return before == nil, arrived, got == h
end

function CMD.service_bad_arguments()
	local x = 1
	local _, upvalue = err_of(service.new, "bad", function() return x end)
	local _, notfunc = err_of(service.new, "bad", 42)
	local _, notname = err_of(service.new, 7, adder)
	local _, failing = err_of(service.new, "failing", function() error("boom in main") end)
	local _, cached = err_of(service.new, "failing", adder, 1)
	return upvalue, notfunc, notname, failing, cached
end

function CMD.snax_post_req_profile()
	local obj = snax.newservice("snax_counter", 5)
	obj.post.add(3)
	obj.post.add(4)
	local total = obj.req.get()
	local name, typ, is_self = obj.req.who()
	local info = snax.profile_info(obj)
	local _, missing = err_of(function() return obj.req.nope() end)
	local _, missing_post = err_of(function() return obj.post.nope end)
	local _, failed = err_of(obj.req.fail)
	snax.kill(obj, "killed")
	local exit_why = skynet.getenv("snax_exit_" .. obj.handle)
	local dead = not pcall(obj.req.get)
	return total, name, typ, is_self, info.add.count, info.get.count, type(info.get.time), missing, missing_post,
		failed, exit_why, dead, tostring(obj):match("^%[snax_counter:%x+%]$") ~= nil, require "snax" == snax
end

function CMD.snax_hotfix()
	local obj = snax.newservice("snax_counter", 7)
	local r1, r2 = snax.hotfix(obj, [[
		local total
		function response.get()
			return total * 100
		end
		function hotfix(...)
			return "patched", ...
		end
	]], "arg")
	local after = obj.req.get()
	obj.post.add(1)
	local added = obj.req.get()
	local _, mismatch = err_of(snax.hotfix, obj, "function response.nothere() end")
	local _, syntax = err_of(snax.hotfix, obj, "function response.get( end")
	local still = obj.req.get()
	snax.kill(obj)
	return r1, r2, after, added, mismatch, syntax, still
end

function CMD.snax_unique_global_query_exit()
	local u1 = snax.uniqueservice("snax_counter", 1)
	local u2 = snax.uniqueservice("snax_counter", 2)
	local q = snax.queryservice("snax_counter")
	local g1 = snax.globalservice("snax_counter", 3)
	local g2 = snax.queryglobal("snax_counter")
	local v = u2.req.get()
	local gv = g2.req.get()
	local _, missing = err_of(snax.newservice, "no_such_snax")
	g1.post.quit()                    -- snax.exit from inside the service
	local gone = eventually(function() return not pcall(g1.req.get) end)
	return u1.handle == u2.handle, q.handle == u1.handle, g1.handle ~= u1.handle, g2.handle == g1.handle, v, gv,
		missing, gone, skynet.getenv("snax_exit_" .. g1.handle)
end

function CMD.mqueue()
	local w = skynet.newservice("mq_worker")
	local sum = mqueue.call(w, "add", 1, 2)
	local ok, err = pcall(mqueue.call, w, "fail")
	for i = 1, 3 do mqueue.send(w, "push", i) end
	local seen = mqueue.call(w, "seen")
	local most = {}
	local done = 0
	for i = 1, 2 do
		skynet.fork(function()
			most[i] = mqueue.call(w, "slow")
			done = done + 1
		end)
	end
	eventually(function() return done == 2 end)
	return sum, ok, tostring(err), seen, math.max(most[1] or 0, most[2] or 0)
end

function CMD.require_log()
	local log = {}
	for i, v in ipairs(REQ_LOG) do log[i] = v end
	return log
end

function CMD.require_during_message()
	REQ_LOG = {}
	local b = skynet.require "req_b"
	REQ_LOG[#REQ_LOG + 1] = "returned " .. b.name
	local again = skynet.require "req_b"
	return REQ_LOG, again == b, skynet.require "req_a" == req_a
end

function CMD.require_at_once()
	local got, done = {}, 0
	for i = 1, 2 do
		skynet.fork(function()
			got[i] = skynet.require "req_slow"
			done = done + 1
		end)
	end
	eventually(function() return done == 2 end)
	local _, missing = err_of(skynet.require, "req_none")
	return REQ_SLOW_RUNS, got[1] == got[2] and got[1] ~= nil, missing
end

function CMD.profile()
	local t0 = skynet.hpc()
	profile.start()
	local x = 0
	for i = 1, 20000 do x = x + i end
	skynet.sleep(20)
	local t = profile.stop()
	local wall = (skynet.hpc() - t0) / 1e9
	-- a coroutine's time stops while it is suspended
	local co = coroutine.create(function()
		local y = 0
		for i = 1, 1000 do y = y + i end
		coroutine.yield()
		return y
	end)
	profile.start(co)
	coroutine.resume(co)
	skynet.sleep(20)
	coroutine.resume(co)
	local tco = profile.stop(co)
	local _, unstarted = err_of(profile.stop)
	profile.start()
	local _, twice = err_of(profile.start)
	profile.stop()
	local _, badarg = err_of(profile.start, 5)
	return t > 0, wall >= 0.2, t < wall - 0.15, tco > 0, tco < 0.15, unstarted, twice, badarg
end

function CMD.profile_after_coroutine()
	return skynet.call(skynet.newservice("profile_co"), "lua")
end

function CMD.inject()
	local t = skynet.newservice("inject_target")
	local before = skynet.call(t, "lua", "get")
	local ok, out = skynet.call(t, "lua", "inject", [[
		local arg = ...
		_P.lua.command.get = function() return "injected " .. arg end
		print("replaced", type(luajava), type(os.execute))
	]])
	local after = skynet.call(t, "lua", "get")
	local bad, badout = skynet.call(t, "lua", "inject", "error('inside the injection')")
	local syntax, syntaxout = skynet.call(t, "lua", "inject", "this is not lua")
	return before, ok, out[1], after, bad, badout[#badout], syntax, syntaxout[1]
end

function CMD.code_bad_arguments()
	local code = require "skyloom.code"
	local up = 1
	local function f() return up end
	local function g() return up end
	local _, notfunc = err_of(code.getupvalue, 5, 1)
	local _, index = err_of(code.upvaluejoin, f, 9, g, 1)
	local _, notcode = err_of(code.load, "x")
	local java = select("#", code.getupvalue(print, 1))
	local name, value = code.getupvalue(f, 1)
	local same = pcall(code.upvaluejoin, g, 1, f, 1) and code.upvalueid(f, 1) == code.upvalueid(g, 1)
	return notfunc, index, notcode, java, name, value, same
end

function CMD.injectcode()
	local injectcode = require "skynet.injectcode"
	local outer = "up"
	local function here()
		local counter = 5
		local _ = outer
		local ok, doubled, up = injectcode("counter = counter + 1 return counter * 2, outer")
		return counter, ok, doubled, up
	end
	local counter, ok, doubled, up = here()
	local co = coroutine.create(function()
		local hp = 100
		coroutine.yield()
		return hp
	end)
	coroutine.resume(co)
	local hit = table.pack(injectcode("hp = hp - 30 return hp", co, 0))
	local _, hp = coroutine.resume(co)
	local ext_ok, ext = injectcode("return helper(3)", nil, 0, { helper = function(x) return x * 2 end })
	local bad_ok, bad = injectcode("return 1", nil, 50)
	local err_ok, err = injectcode("error('in injected code')")
	local syn_ok, syn = injectcode("this is not lua")
	return counter, ok, doubled, hit[1], hit[2], hp, ext_ok, ext, bad_ok, bad, err_ok, tostring(err), syn_ok, tostring(syn), up
end

foreign.dispatch(CMD)

skynet.start(function()
	REQ_LOG[#REQ_LOG + 1] = "start"
end)
