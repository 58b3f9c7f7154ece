-- Drives skynet.multicast and skynet.datacenter on one node of a harbor, for
-- HarborMulticastTest: the test calls the driver of each node (pyskynet's foreign
-- protocol), and the drivers' services talk to each other across the harbor.
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"
local multicast = require "skynet.multicast"
local datacenter = require "skynet.datacenter"

-- Polls f() every tick until it returns true, for up to 10 s; returns whether it did.
local function eventually(f)
	for _ = 1, 1000 do
		if f() then return true end
		skynet.sleep(1)
	end
	return false
end

local function multicastd()
	return skynet.uniqueservice("multicastd")
end

-- The subscribers here and the other nodes subscribed, as this node's multicastd counts
-- them; "none" when it knows no such channel.
local function size(ch)
	local subs, nodes = skynet.call(multicastd(), "lua", "SIZE", ch)
	if subs == nil then return "none" end
	return subs, nodes
end

local function count(sub)
	return skynet.call(sub, "lua", "count")
end

foreign.dispatch("new", function()
	return multicast.new().channel
end)

-- A subscriber service of this node; it has subscribed when this returns.
foreign.dispatch("sub", function(ch)
	return skynet.newservice("mc_sub", ch)
end)

foreign.dispatch("pub", function(ch, tag, first, last)
	local c = multicast.new { channel = ch }
	for i = first, last do c:publish(tag, i) end
	return skynet.self()
end)

-- A publisher service beside this one: n messages, then it exits.
foreign.dispatch("pub_beside", function(ch, n, tag)
	return skynet.newservice("mc_pub", ch, n, tag)
end)

foreign.dispatch("log", function(sub)
	return skynet.call(sub, "lua", "log")
end)

-- Waits until sub has at least n messages; returns how many it has.
foreign.dispatch("await_count", function(sub, n)
	eventually(function() return count(sub) >= n end)
	return count(sub)
end)

foreign.dispatch("count", count)

foreign.dispatch("unsub", function(sub)
	return skynet.call(sub, "lua", "unsubscribe")
end)

foreign.dispatch("del", function(ch)
	multicast.new({ channel = ch }):delete()
	return true
end)

foreign.dispatch("size", size)

-- Waits until this node counts subs subscribers and nodes other nodes on ch ("none":
-- until it knows no such channel); returns what it counts then.
foreign.dispatch("await_size", function(ch, subs, nodes)
	eventually(function()
		local s, n = size(ch)
		return s == subs and n == nodes
	end)
	return size(ch)
end)

foreign.dispatch("dc_set", function(...) return datacenter.set(...) end)
foreign.dispatch("dc_get", function(...) return datacenter.get(...) end)
foreign.dispatch("dc_wait", function(...) return datacenter.wait(...) end)

-- Waits until the datacenter (of node 1) has n callers waiting.
foreign.dispatch("dc_await_waiters", function(n)
	local function waiters()
		return skynet.call(require("skynet.harbor").queryname("DATACENTER"), "lua", "WAITERS")
	end
	eventually(function() return waiters() == n end)
	return waiters()
end)

skynet.start(function() end)
