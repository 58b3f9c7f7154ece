-- Asks skynet.service for a service by name from another service.
local skynet = require "skynet"
local service = require "skynet.service"
skynet.start(function()
	skynet.dispatch("lua", function(_, _, name)
		skynet.retpack(service.query(name))
	end)
end)
