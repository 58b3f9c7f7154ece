-- Calls the echo service with whatever Java asks, through the lua protocol.
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"

local echo

foreign.dispatch("relay", function(...)
	return skynet.call(echo, "lua", ...)
end)

foreign.dispatch("boom", function(msg)
	error(msg)
end)

foreign.dispatch("callboom", function()
	return skynet.call(echo, "lua", "x") and foreign.call(skynet.self(), "boom", "deep")
end)

skynet.start(function()
	echo = skynet.newservice("echo")
end)
