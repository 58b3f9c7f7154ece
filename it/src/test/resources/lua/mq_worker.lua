-- A skynet.mqueue service for SkynetServiceModulesTest.
local skynet = require "skynet"
local mqueue = require "skynet.mqueue"

local seen = {}
local inside, most = 0, 0

skynet.start(function()
	mqueue.register(function(cmd, ...)
		if cmd == "add" then
			local a, b = ...
			return a + b
		elseif cmd == "push" then
			seen[#seen + 1] = ...
		elseif cmd == "seen" then
			return seen
		elseif cmd == "slow" then
			inside = inside + 1
			if inside > most then most = inside end
			skynet.sleep(2)
			inside = inside - 1
			return most
		elseif cmd == "fail" then
			error("queued boom")
		end
	end)
end)
