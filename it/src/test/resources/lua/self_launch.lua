-- A skynet-style service that starts a copy of itself with SERVICE_NAME.
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"

local role = ...

foreign.dispatch("who", function() return SERVICE_NAME, role or "parent" end)
foreign.dispatch("child", function()
	local child = skynet.newservice(SERVICE_NAME, "child")
	return foreign.call(child, "who")
end)

skynet.start(function() end)
