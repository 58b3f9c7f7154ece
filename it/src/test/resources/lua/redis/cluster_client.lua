-- skynet.db.redis.cluster against the test's Redis Cluster (RedisClusterTest).
local skynet = require "skynet"
local cluster = require "skynet.db.redis.cluster"
local foreign = require "pyskynet.foreign"

local host, first, second = ...
local messages = {}
local db     -- made in skynet.start: it talks to the cluster

local function count(t)
	local n = 0
	for _ in pairs(t) do
		n = n + 1
	end
	return n
end

foreign.dispatch("spread", function(p, n)
	for i = 1, n do
		assert(db:set(p .. i, "v" .. i) == "OK")
	end
	for i = 1, n do
		local v = db:get(p .. i)
		assert(v == "v" .. i, "key " .. i .. " read " .. tostring(v))
	end
	db:rpush(p .. "list", 1, 2, 3)
	db:hmset(p .. "map", "a", 1, "b", 2)
	return count(db.connections), table.concat(db:lrange(p .. "list", 0, -1), ","), #db:hgetall(p .. "map")
end)

foreign.dispatch("keyslots", function(keys)
	local slots = {}
	for i, k in ipairs(keys) do
		slots[i] = db:keyslot(k)
	end
	return slots
end)

foreign.dispatch("set", function(k, v)
	return db:set(k, v)
end)

foreign.dispatch("get", function(k)
	local v = db:get(k)
	if v == nil then
		return "nil"
	end
	return v
end)

-- the port of the node the client's map has for key's slot
foreign.dispatch("mapped", function(k)
	local node = db.slots[db:keyslot(k)]
	return node and node.port
end)

foreign.dispatch("errors", function(p)
	local ok1, e1 = pcall(db.info, db)
	db:set(p, "x")
	local ok2, e2 = pcall(db.lpush, db, p, "y")
	return ok1, e1, ok2, e2, db:get(p)
end)

foreign.dispatch("subscribe", function(channel)
	db:subscribe(channel)
	return true
end)

-- waits (10 s at most) until n messages came to onmessage
foreign.dispatch("received", function(n)
	local deadline = skynet.now() + 1000
	while #messages < n and skynet.now() < deadline do
		skynet.sleep(1)
	end
	return messages
end)

foreign.dispatch("close", function()
	db:close_all_connection()
	return count(db.connections)
end)

skynet.start(function()
	db = cluster.new({ { host = host, port = tonumber(first) }, { host = host, port = tonumber(second) } }, {},
		function(data, channel, pattern)
			messages[#messages + 1] = channel .. "|" .. data
		end)
end)
