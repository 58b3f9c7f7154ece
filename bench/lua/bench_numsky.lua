-- numsky through the Lua binding, the same operations as the JMH ArrayBenchmark:
--   ./skyloom run bench/lua/bench_numsky.lua [reps]
-- prints "BENCH numsky_<op> <reps> <seconds> <ms_per_op>" lines.
local skynet = require "skynet"
local ns = require "numsky"

local reps = tonumber((...)) or 200

local function clock() return skynet.hpc() / 1e9 end

local function fixed(x, digits)
	local scale = 10 ^ digits
	local v = math.floor(x * scale + 0.5)
	return string.format("%d.%0" .. digits .. "d", math.floor(v / scale), v % scale)
end

local function bench(name, f)
	for _ = 1, math.floor(reps / 4) + 1 do f() end   -- warm-up
	local t0 = clock()
	for _ = 1, reps do f() end
	local secs = clock() - t0
	print(string.format("BENCH numsky_%s %d %s %s", name, reps, fixed(secs, 3), fixed(secs / reps * 1000, 3)))
end

skynet.start(function()
	local a = ns.arange(0, 999999, 1, ns.float64)
	local b = ns.linspace(0, 1, 1000000)
	local every_other = ns.arange(0, 1999999, 1, ns.float64)[ns.slice(1, nil, 2)]
	local out = ns.zeros({1000000}, ns.float64)
	bench("add", function() return a + b end)
	bench("add_into_out", function() return ns.add(a, b, out) end)
	bench("sum", function() return ns.sum(a) end)
	bench("mul_strided", function() return every_other * 2.0 end)
	skynet.exit()
end)
