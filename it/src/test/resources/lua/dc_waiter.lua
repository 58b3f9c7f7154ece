-- Waits in datacenter.wait for the keys it is given; records what it got.
local skynet = require "skynet"
local datacenter = require "skynet.datacenter"
local foreign = require "pyskynet.foreign"

local got

foreign.dispatch("wait", function(...) return datacenter.wait(...) end)

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		if cmd == "wait" then
			skynet.retpack(datacenter.wait(...))
		elseif cmd == "wait_later" then
			local keys = { ... }
			skynet.fork(function() got = datacenter.wait(table.unpack(keys)) end)
			skynet.retpack(true)
		elseif cmd == "got" then
			skynet.retpack(got)
		end
	end)
end)
