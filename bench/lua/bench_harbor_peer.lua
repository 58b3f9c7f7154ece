-- The other process of ./skyloom bench --harbor: an echo and a counter under global
-- names, for calls and sends from another JVM.
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"

skynet.start(function()
	local echo = skynet.newservice("bench_harbor_echo")
	skynet.name("hbench_echo", echo)
	print("READY " .. echo)
end)
