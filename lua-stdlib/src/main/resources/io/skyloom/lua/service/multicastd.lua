-- multicastd: skynet.multicast's channels, one multicastd per node. A channel id carries
-- the node that keeps it in its low 8 bits (skynet's rule), so any node can tell whom to
-- ask. The owner knows its local subscribers and which other nodes have some; each of
-- those nodes knows its own subscribers. A publish goes to the owner, which sends it on
-- to every subscribed node and to its own subscribers, so every subscriber anywhere sees
-- one order: each publisher's messages in the order published.
-- Between nodes the multicastds talk with the lua protocol from their own address (a
-- harbor frame names its sender's services only), the publisher carried in the message;
-- each subscriber then gets it as from the publisher (skynet.redirect), as locally.
local skynet = require "skynet"
local c = require "skynet.core"

local harbor_id = skynet.harbor(skynet.self())
local channels = {}   -- id -> { [subscriber] = true }: the local part of every channel
local remote = {}     -- id -> { [node id] = true }: for channels of this node, who else has subscribers
local last_id = harbor_id
local CMD = {}        -- from services of this node
local PEER = {}       -- from the multicastds of other nodes

local function owner(ch)
	return ch % 256
end

local function name_of(node)
	return "MULTICASTD_" .. node
end

-- The multicastd of another node, or nil when that node runs none (or is down).
local peers = {}
local function peer(node)
	local addr = peers[node]
	if addr == nil then
		addr = c.query(name_of(node))
		peers[node] = addr
	end
	return addr
end

-- False when the peer cannot be reached; its address is asked again next time.
local function tell(node, ...)
	local addr = peer(node)
	if addr and skynet.send(addr, "lua", ...) then
		return true
	end
	peers[node] = nil
	return false
end

local function check_channel(ch, what)
	if type(ch) ~= "number" or ch ~= math.floor(ch) or ch <= 0 then
		error("multicast." .. what .. ": bad channel " .. tostring(ch), 0)
	end
end

-- When the last local subscriber of another node's channel is gone, this node
-- unsubscribes there.
local function leave_if_empty(ch)
	local group = channels[ch]
	if group and next(group) == nil and owner(ch) ~= harbor_id then
		channels[ch] = nil
		tell(owner(ch), "USUBR", ch)
	end
end

-- Local subscribers found dead are dropped from the channel.
local function deliver(ch, source, msg)
	local group = channels[ch]
	if not group then return end
	local m = skynet.pack(ch, msg)   -- one pack, unpacked afresh by each subscriber
	for sub in pairs(group) do
		if not skynet.redirect(sub, source, "multicast", 0, m) then
			group[sub] = nil
		end
	end
	leave_if_empty(ch)
end

-- A message crosses as its values (a pack is this process's), or as the string a
-- channel's own pack function made.
local function values_of(msg)
	if type(msg) == "string" then
		return true, msg
	end
	return false, skynet.unpack(msg)
end

local function message_of(raw, ...)
	if raw then return (...) end
	return skynet.pack(...)
end

-- On the owner: to every subscribed node, then here. A node that cannot be reached is
-- dropped; the publisher never fails for it.
local function publish(ch, source, msg)
	local nodes = remote[ch]
	if nodes then
		for node in pairs(nodes) do
			if not tell(node, "RPUB", ch, source, values_of(msg)) then
				nodes[node] = nil
			end
		end
	end
	deliver(ch, source, msg)
end

function CMD.NEW()
	repeat
		last_id = last_id + 256
	until channels[last_id] == nil
	channels[last_id] = {}
	return last_id
end

-- On the owner: the channel goes, here and on every node subscribed.
local function delete(ch)
	for node in pairs(remote[ch] or {}) do
		tell(node, "DELR", ch)
	end
	channels[ch] = nil
	remote[ch] = nil
end

function CMD.DEL(source, ch)
	check_channel(ch, "delete")
	if owner(ch) == harbor_id then
		return delete(ch)
	end
	channels[ch] = nil
	tell(owner(ch), "DELR", ch)
end

function CMD.PUB(source, ch, msg)
	check_channel(ch, "publish")
	if owner(ch) == harbor_id then
		return publish(ch, source, msg)
	end
	tell(owner(ch), "PUBR", ch, source, values_of(msg))
end

-- Subscribing to another node's channel subscribes this node there first; false when
-- the channel does not exist (skynet's subscribe then does nothing either).
function CMD.SUB(source, ch)
	check_channel(ch, "subscribe")
	if channels[ch] == nil and owner(ch) ~= harbor_id then
		local addr = peer(owner(ch))
		if not addr then return false end
		local ok, exists = pcall(skynet.call, addr, "lua", "SUBR", ch)
		if not ok then
			peers[owner(ch)] = nil   -- that node went down or restarted: ask for its address next time
			error(exists, 0)
		end
		if not exists then return false end
		channels[ch] = channels[ch] or {}   -- another SUB may have made it while we waited
	end
	local group = channels[ch]
	if group then group[source] = true end
	return group ~= nil
end

-- The last local subscriber of another node's channel unsubscribes this node there.
function CMD.USUB(source, ch)
	check_channel(ch, "unsubscribe")
	local group = channels[ch]
	if not group then return end
	group[source] = nil
	leave_if_empty(ch)
end

-- For tests and the curious: how many services here, and how many other nodes, are
-- subscribed to a channel (nil when this node knows no such channel).
function CMD.SIZE(source, ch)
	local group = channels[ch]
	if not group then return nil end
	local subs, nodes = 0, 0
	for _ in pairs(group) do subs = subs + 1 end
	for _ in pairs(remote[ch] or {}) do nodes = nodes + 1 end
	return subs, nodes
end

function PEER.SUBR(source, ch)
	if channels[ch] == nil or owner(ch) ~= harbor_id then
		return false
	end
	local nodes = remote[ch] or {}
	remote[ch] = nodes
	nodes[skynet.harbor(source)] = true
	return true
end

function PEER.USUBR(source, ch)
	local nodes = remote[ch]
	if nodes then nodes[skynet.harbor(source)] = nil end
end

-- From the owner: its channel is deleted. To the owner: delete it.
function PEER.DELR(source, ch)
	if owner(ch) == harbor_id then
		delete(ch)
	elseif owner(ch) == skynet.harbor(source) then
		channels[ch] = nil
	end
end

-- A publish of a service of another node, to a channel of this one.
function PEER.PUBR(source, ch, publisher, raw, ...)
	if owner(ch) == harbor_id then
		publish(ch, publisher, message_of(raw, ...))
	end
end

-- A publish the owner sends on. A channel nobody here subscribes to any more tells the
-- owner so (this node may have restarted and forgotten it).
function PEER.RPUB(source, ch, publisher, raw, ...)
	if owner(ch) ~= skynet.harbor(source) then return end
	if channels[ch] == nil then
		skynet.send(source, "lua", "USUBR", ch)
		return
	end
	deliver(ch, publisher, message_of(raw, ...))
end

skynet.register_protocol { name = "multicast", id = skynet.PTYPE_MULTICAST, pack = skynet.pack, unpack = skynet.unpack }

-- Services of this node use CMD, the multicastds of other nodes PEER. A peer's message
-- also tells its address: a node that restarted has a new multicastd.
local function handler(source, cmd)
	local node, far = skynet.harbor(source)
	if not far then return CMD[cmd] end
	peers[node] = source
	return PEER[cmd]
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		local f = handler(source, cmd)
		if not f then error("multicastd: unknown command " .. tostring(cmd)) end
		if session == 0 then
			f(source, ...)
		else
			skynet.retpack(f(source, ...))
		end
	end)
	if harbor_id ~= 0 then
		skynet.register(name_of(harbor_id))
	end
end)
