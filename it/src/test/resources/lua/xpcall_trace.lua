-- xpcall with debug.traceback as its handler, and debug.traceback outside one: the
-- lines below are what LuajcTest looks for.
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"

local function inner(msg)
	error(msg)
end

local function outer(msg)
	inner(msg)
	return "not reached"
end

foreign.dispatch("xpcall", function(msg)
	return xpcall(outer, debug.traceback, msg)
end)

foreign.dispatch("here", function()
	local t = debug.traceback("here")
	return t
end)

skynet.start(function() end)
