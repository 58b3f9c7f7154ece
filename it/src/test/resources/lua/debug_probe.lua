-- Asks debug_target over the "debug" protocol; Java calls each command and checks.
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"

local target = skynet.newservice("debug_target")
local CMD = {}

-- Waits (up to 5 s) until f() is true.
local function eventually(f)
	for _ = 1, 500 do
		if f() then return true end
		skynet.sleep(1)
	end
	return false
end

function CMD.mem_stat_info_ping_support()
	skynet.call(target, "lua", "hit")
	local kb = skynet.call(target, "debug", "MEM")
	local stat = skynet.call(target, "debug", "STAT")
	local info = skynet.call(target, "debug", "INFO", "now")
	local pinged = select("#", skynet.call(target, "debug", "PING"))
	return type(kb), kb > 0, stat.task, stat.message > 0, info, pinged,
		skynet.call(target, "debug", "SUPPORT", "lua"), skynet.call(target, "debug", "SUPPORT", "nope")
end

function CMD.run_in_the_target()
	local ok, out = skynet.call(target, "debug", "RUN", "counter.n = counter.n + 10 print('n', counter.n) print(...) injected = true",
		"bump.lua", "arg1", 2)
	local after = skynet.call(target, "lua", "hit")
	local ok2, out2 = skynet.call(target, "debug", "RUN", "error('boom')", "boom.lua")
	local ok3, out3 = skynet.call(target, "debug", "RUN", "x = = 1", "bad.lua")
	local ok4, out4 = skynet.call(target, "debug", "RUN",
		"print(os.execute, luajava, io.popen, require('skynet.core') ~= nil)", "sandbox.lua")
	local ok5, out5 = skynet.call(target, "debug", "RUN", "print(_P.lua.state.hits, type(_U.proto))", "upvalues.lua")
	return ok, out, after, ok2, out2, ok3, out3, ok4, out4, skynet.call(target, "lua", "global", "injected"), ok5, out5
end

function CMD.task_shows_parked_tasks()
	local before = skynet.call(target, "debug", "TASK")
	skynet.send(target, "lua", "park")
	eventually(function() return skynet.call(target, "debug", "STAT").task == 1 end)
	local tasks = skynet.call(target, "debug", "TASK")
	local n, tb = 0, nil
	for k, v in pairs(tasks) do n, tb = n + 1, k .. "\n" .. v end
	return next(before) == nil, n, tb
end

function CMD.term_fails_the_calls_waiting_on_a_service()
	local silent = skynet.newservice("silent")
	skynet.send(target, "lua", "call_silent", silent)
	eventually(function() return skynet.call(target, "debug", "STAT").task >= 1 end)
	skynet.send(target, "debug", "TERM", silent)
	local ok, err
	eventually(function()
		ok, err = skynet.call(target, "lua", "last")
		return ok ~= nil
	end)
	return ok, err, skynet.call(silent, "debug", "PING") == nil
end

function CMD.link_returns_when_the_target_exits_and_exit_ends_it()
	local me = coroutine.running()
	local linked
	skynet.fork(function()
		linked = { pcall(skynet.call, target, "debug", "LINK") }
		skynet.wakeup(me)
	end)
	skynet.yield()
	local still = linked == nil
	skynet.send(target, "debug", "EXIT")
	skynet.wait(me)
	local gone = require("skynet.core").services()[skynet.address(target)] == nil
	return still, linked[1], linked[2], gone
end

function CMD.tracelog_and_unknown_commands()
	skynet.call(target, "debug", "TRACELOG", "lua", true)
	local n = skynet.call(target, "lua", "hit")
	-- a dispatch set after TRACELOG is traced too
	assert(skynet.call(target, "debug", "RUN", [[
		local skynet = require "skynet"
		local old = skynet.dispatch("lua")
		skynet.dispatch("lua", function(...) return old(...) end)
	]], "redispatch.lua"))
	skynet.call(target, "lua", "hit")
	skynet.call(target, "debug", "TRACELOG", false)
	skynet.call(target, "lua", "hit")
	local ok, err = pcall(skynet.call, target, "debug", "NOSUCH")
	local ok2, err2 = pcall(skynet.call, target, "debug", "TRACELOG", "nope", true)
	return n, ok, err, ok2, err2, skynet.call(target, "lua", "hit"), skynet.address(skynet.self())
end

function CMD.target()
	return target
end

skynet.start(function()
	foreign.dispatch(function(cmd, ...)
		return CMD[cmd](...)
	end)
end)
