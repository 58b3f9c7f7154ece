-- bench_main: runs ONE named benchmark and prints one result line
--
--   BENCH <name> <count> <seconds> <ops_per_sec>
--
-- and, for some benchmarks, extra "INFO <name> key=value ..." lines before it.
-- If something fails it prints "BENCH_ERROR <name> <message>" instead.
--
-- Which benchmark: the first service argument, else the "bench" env key (set
-- in the config, e.g. bench = "pingpong" or bench = "pingpong 200000").
-- An optional second word overrides the default count.
--
-- The file sticks to Lua 5.2 syntax and library, and to a small skynet API
-- (start, dispatch, call, send, ret/retpack, newservice, fork, sleep, wait,
-- wakeup, now/time/hpc, exit, error, getenv), so that the same file runs on
-- skynet (Lua 5.5) and on a LuaJ host.
--
-- The process does not end by itself: helper services stay alive after the
-- main service exits. Whoever starts the node stops it after the BENCH line.
local skynet = require "skynet"

local ECHO_ARG = "hello"
local PAIRS = 100        -- pairs benchmark: number of service pairs
local FORKS = 1000       -- concurrent_calls: number of coroutines
local SLEEPERS_WAVE = 100000  -- sleepers: coroutines forked at once

-- Wall clock in seconds. skynet.hpc (monotonic ns) where the host has it,
-- else skynet.time (10 ms steps). os.clock is not used: on skynet it is the
-- CPU time of the whole process (all worker threads), not elapsed time.
local clock
if skynet.hpc then
	clock = function() return skynet.hpc() / 1e9 end
else
	clock = function() return skynet.time() end
end

local function out(line)
	print(line)
	io.stdout:flush()
end

-- x with exactly `digits` decimals. Not "%.3f": LuaJ 3.0.1 ignores the
-- precision of %f, and this keeps the output identical on every host.
local function fixed(x, digits)
	local scale = 10 ^ digits
	local v = math.floor(x * scale + 0.5)
	local ip = math.floor(v / scale)
	local fp = v - ip * scale
	return string.format("%d.%0" .. digits .. "d", ip, fp)
end

-- Marks the start of the timed part: a harness that watches this process (./skyloom
-- bench) reads its CPU time here and again at the BENCH line, so the CPU it reports
-- is that of the timed part alone.
local function timed(name)
	out("INFO " .. name .. " timed")
	return clock()
end

local function check(cond, msg)
	if not cond then error(msg, 2) end
end

-- Run body(i) for i = 1..n, each in its own forked coroutine; return when all
-- have finished.
local function fork_and_wait(n, body)
	local left = n
	local me = coroutine.running()
	for i = 1, n do
		skynet.fork(function()
			body(i)
			left = left - 1
			if left == 0 then
				skynet.wakeup(me)
			end
		end)
	end
	if left > 0 then
		skynet.wait(me)
	end
end

-- A "Name:   value" line of /proc/self/status as a number, or nil.
local function proc_status(key)
	local f = io.open("/proc/self/status", "r")
	if not f then return nil end
	local v
	local line = f:read("*l")
	while line and not v do
		v = tonumber(string.match(line, "^" .. key .. ":%s*(%d+)"))
		line = f:read("*l")
	end
	f:close()
	return v
end

-- Resident set size of this process in kB, or nil. Read line by line:
-- LuaJ's read("*a") returns "" for /proc files (their size reads as 0).
local function rss_kb()
	local f = io.open("/proc/self/status", "r")
	if not f then return nil end
	local kb
	local line = f:read("*l")
	while line and not kb do
		kb = tonumber(string.match(line, "^VmRSS:%s*(%d+)"))
		line = f:read("*l")
	end
	f:close()
	return kb
end

local function warm_count(n)
	return math.floor(n / 10)
end

-- 100 entries: 50 array items (numbers and strings) and 50 string keys, each
-- holding a small nested table.
local function make_payload()
	local t = {}
	for i = 1, 50 do
		if i % 2 == 0 then
			t[i] = "v" .. i
		else
			t[i] = i * 7
		end
	end
	for i = 1, 50 do
		t["key" .. i] = { id = i, name = "item" .. i, ratio = i / 4 }
	end
	return t
end

local function check_payload(t)
	check(type(t) == "table", "payload: not a table")
	check(#t == 50, "payload: array part has " .. tostring(#t) .. " items")
	check(t[49] == 343 and t[50] == "v50", "payload: bad array item")
	local k = t.key50
	check(k and k.id == 50 and k.name == "item50" and k.ratio == 12.5,
		"payload: bad nested table")
end

local benches = {}
local defaults = {}

-- 1. sequential calls to an echo service
defaults.pingpong = 1000000
function benches.pingpong(n)
	local echo = skynet.newservice("bench_echo")
	for i = 1, warm_count(n) do
		skynet.call(echo, "lua", ECHO_ARG)
	end
	local r
	local t0 = timed("pingpong")
	for i = 1, n do
		r = skynet.call(echo, "lua", ECHO_ARG)
	end
	local secs = clock() - t0
	check(r == ECHO_ARG, "pingpong: bad echo")
	return n, secs
end

-- 2. FORKS coroutines of one service each make n/FORKS sequential calls
defaults.concurrent_calls = 1000000
function benches.concurrent_calls(n)
	local echo = skynet.newservice("bench_echo")
	local per = math.floor(n / FORKS)
	check(per >= 1, "concurrent_calls: count must be >= " .. FORKS)
	local bad = 0
	local function run(k)
		fork_and_wait(FORKS, function()
			for j = 1, k do
				if skynet.call(echo, "lua", ECHO_ARG) ~= ECHO_ARG then
					bad = bad + 1
				end
			end
		end)
	end
	run(math.max(1, math.floor(per / 10)))
	local t0 = timed("concurrent_calls")
	run(per)
	local secs = clock() - t0
	check(bad == 0, "concurrent_calls: bad echoes")
	return per * FORKS, secs
end

-- 3. one-way sends to a counter, then one call that reads the count
defaults.send_throughput = 2000000
function benches.send_throughput(n)
	local counter = skynet.newservice("bench_counter")
	local w = warm_count(n)
	for i = 1, w do
		skynet.send(counter, "lua", i, "msg")
	end
	local wc = skynet.call(counter, "lua", "count")
	check(wc == w, "send_throughput: warm-up count mismatch")
	local t0 = timed("send_throughput")
	for i = 1, n do
		skynet.send(counter, "lua", i, "msg")
	end
	local c, s = skynet.call(counter, "lua", "count")
	local secs = clock() - t0
	check(c == n, "send_throughput: counted " .. tostring(c) .. " of " .. tostring(n))
	check(s == n * (n + 1) / 2, "send_throughput: bad sum")
	return n, secs
end

-- 4. PAIRS pairs of services, all at once; in each pair one side calls the
-- other n/PAIRS times
defaults.pairs = 1500000
function benches.pairs(n)
	local k = math.floor(n / PAIRS)
	check(k >= 1, "pairs: count must be >= " .. PAIRS)
	local left, right = {}, {}
	for i = 1, PAIRS do
		left[i] = skynet.newservice("bench_pair")
		right[i] = skynet.newservice("bench_pair")
	end
	local done = 0
	local function run(calls)
		fork_and_wait(PAIRS, function(i)
			local r = skynet.call(left[i], "lua", "run", right[i], calls, ECHO_ARG)
			done = done + r
		end)
	end
	run(math.max(1, math.floor(k / 10)))
	done = 0
	local t0 = timed("pairs")
	run(k)
	local secs = clock() - t0
	check(done == k * PAIRS, "pairs: lost calls")
	return k * PAIRS, secs
end

-- 5. coroutines that each sleep 1 tick (10 ms) and report back, started in
-- waves of SLEEPERS_WAVE forked at once; the next wave starts when the
-- previous one has fully finished. count = total coroutines
defaults.sleepers = 500000
function benches.sleepers(n)
	local wave = math.min(n, SLEEPERS_WAVE)
	local waves = math.floor(n / wave)
	local woke = 0
	local function run(m)
		fork_and_wait(m, function()
			skynet.sleep(1)
			woke = woke + 1
		end)
	end
	run(math.floor(wave / 10))
	woke = 0
	local t0 = timed("sleepers")
	for w = 1, waves do
		run(wave)
	end
	local secs = clock() - t0
	check(woke == wave * waves, "sleepers: lost coroutines")
	out(string.format("INFO sleepers wave=%d waves=%d seconds_per_wave=%s",
		wave, waves, fixed(secs / waves, 3)))
	return wave * waves, secs
end

-- 6. start n tiny services one after another; RSS before and after
defaults.spawn = 10000
function benches.spawn(n)
	for i = 1, 100 do
		skynet.newservice("bench_tiny")
	end
	local before = rss_kb()
	local t0 = timed("spawn")
	for i = 1, n do
		skynet.newservice("bench_tiny")
	end
	local secs = clock() - t0
	local after = rss_kb()
	if before and after then
		out(string.format("INFO spawn services=%d rss_before_kb=%d rss_after_kb=%d kb_per_service=%s",
			n, before, after, fixed((after - before) / n, 1)))
	else
		out("INFO spawn rss=unavailable")
	end
	return n, secs
end

-- 7. sequential calls to the echo service with a 100-entry table
defaults.payload = 50000
function benches.payload(n)
	local echo = skynet.newservice("bench_echo")
	local t = make_payload()
	check_payload(t)
	for i = 1, warm_count(n) do
		skynet.call(echo, "lua", t)
	end
	local r
	local t0 = timed("payload")
	for i = 1, n do
		r = skynet.call(echo, "lua", t)
	end
	local secs = clock() - t0
	check_payload(r)
	return n, secs
end

-- 8. n coroutines that each wait forever (skynet.wait), all alive at once: the memory
-- and OS threads one idle coroutine costs. The process then exits with all of them
-- parked; a harness times that too.
defaults.idle = 100000
function benches.idle(n)
	local before, threads_before = rss_kb(), proc_status("Threads")
	local parked = 0
	local me = coroutine.running()
	local t0 = timed("idle")
	for i = 1, n do
		skynet.fork(function()
			parked = parked + 1
			if parked == n then skynet.wakeup(me) end
			skynet.wait()
		end)
	end
	if parked < n then skynet.wait(me) end
	local secs = clock() - t0
	local after, threads_after = rss_kb(), proc_status("Threads")
	if before and after then
		out(string.format("INFO idle coroutines=%d rss_before_kb=%d rss_after_kb=%d bytes_per_coroutine=%s threads_before=%s threads_after=%s",
			n, before, after, fixed((after - before) * 1024 / n, 1), tostring(threads_before), tostring(threads_after)))
	else
		out("INFO idle rss=unavailable")
	end
	return n, secs
end

-- 9. an HTTP server for a load generator outside this process (./skyloom bench
-- --http): prints "INFO httpd port=P", then serves until GET /stop; the result is the
-- requests its agents served between GET /start and GET /stop. count = agents
defaults.httpd = 4
function benches.httpd(n)
	local web = skynet.newservice("bench_httpd", "listener", n)
	out("INFO httpd port=" .. skynet.call(web, "lua", "port"))
	local before = skynet.call(web, "lua", "await", "start")
	local t0 = timed("httpd")
	local after = skynet.call(web, "lua", "await", "stop")
	return after - before, clock() - t0
end

local function words(s)
	local w = {}
	for x in string.gmatch(s or "", "%S+") do
		w[#w + 1] = x
	end
	return w
end

local args = { ... }

skynet.start(function()
	local name, count = args[1], args[2]
	if not name then
		local w = words(skynet.getenv("bench"))
		name, count = w[1], w[2]
	end
	local bench = name and benches[name]
	if not bench then
		local names = {}
		for k in pairs(benches) do names[#names + 1] = k end
		table.sort(names)
		out("BENCH_ERROR " .. tostring(name) .. " unknown benchmark; one of: " .. table.concat(names, " "))
		skynet.exit()
		return
	end
	local n = tonumber(count) or defaults[name]
	local ok, done, secs = pcall(bench, n)
	if ok then
		out(string.format("BENCH %s %d %s %s", name, done, fixed(secs, 3), fixed(done / secs, 1)))
	else
		out("BENCH_ERROR " .. name .. " " .. tostring(done))
	end
	skynet.exit()
end)
