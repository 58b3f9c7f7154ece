-- A service of the harbor tests' other process.
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"
local ns = require "numsky"

local held = {}

foreign.dispatch("echo", function(...) return ... end)
foreign.dispatch("boom", function() error("remote boom") end)
foreign.dispatch("hold", function()
	held[#held + 1] = skynet.response()
	skynet.wait()
end)
foreign.dispatch("double", function(a) return a * 2 end)
foreign.dispatch("callback", function(addr, name)
	return "peer got: " .. foreign.call(addr, "greet", name)
end)
foreign.dispatch("quit", function() skynet.abort() end)

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, t)
		if cmd == "table" then
			t.seen = skynet.self()
			skynet.retpack(t)
		elseif cmd == "ping" then
			skynet.retpack("pong", source)
		end
	end)
end)
