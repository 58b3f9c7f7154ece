-- skynet.datacenter: a tree of values every service of the harbor can read and write,
-- kept by one datacenterd (skynet's DATACENTER). get(k1, k2, ...) reads;
-- set(k1, ..., value) writes and returns the old value; wait(k1, ...) returns the value,
-- waiting until someone sets it if it is not set yet. Node 1 of a harbor starts
-- datacenterd when it starts (as skynet's bootstrap on its master), a node without
-- harbor at its first use; other nodes find it under its global name.
local skynet = require "skynet"

local datacenter = {}
local service

local function datacenterd()
	if service == nil then
		if skynet.harbor(skynet.self()) <= 1 then
			service = skynet.uniqueservice("datacenterd")
		else
			service = require("skynet.harbor").queryname("DATACENTER")
		end
	end
	return service
end

function datacenter.get(...)
	return skynet.call(datacenterd(), "lua", "QUERY", ...)
end

function datacenter.set(...)
	return skynet.call(datacenterd(), "lua", "UPDATE", ...)
end

function datacenter.wait(...)
	return skynet.call(datacenterd(), "lua", "WAIT", ...)
end

return datacenter
