-- skynet.datacenter: a tree of values every service of the node can read and write,
-- kept by the unique service datacenterd. get(k1, k2, ...) reads; set(k1, ..., value)
-- writes and returns the old value; wait(k1, ...) returns the value, waiting until
-- someone sets it if it is not set yet.
local skynet = require "skynet"

local datacenter = {}
local service

local function datacenterd()
	service = service or skynet.uniqueservice("datacenterd")
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
