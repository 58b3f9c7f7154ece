-- A service with a dependency: balance asks .db, and a timeout guards the answer.
local skynet = require "skynet"

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, who)
		if cmd == "balance" then
			local amount = skynet.call(".db", "lua", "get", who)
			skynet.retpack("balance of " .. who .. " is " .. tostring(amount))
		elseif cmd == "audit" then
			skynet.send(".audit", "lua", "seen", who)
			skynet.retpack(true)
		end
	end)
end)
