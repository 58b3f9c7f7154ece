-- skynet.db.redis.cluster: a Redis Cluster client with skynet's API.
--
--   local db = cluster.new({ {host = "127.0.0.1", port = 7000}, ... }, {auth = ..., db = 0, read_slave = true}, onmessage)
--   db:set("k", 1); db:get("k")             -- any command by name, sent to the node of its key's slot
--   db:subscribe("ch")                       -- messages go to onmessage(data, channel, pattern)
--   db:keyslot(key), db:get_connection_by_slot(slot), db:get_random_connection(),
--   db:flush_slots_cache(), db:close_all_connection(), db.connections
--
-- The slot map comes from CLUSTER SLOTS of the first startup node that answers. A
-- MOVED reply sends the command to the node it names and refreshes the map before the
-- next command; an ASK reply sends ASKING and the command to the node it names, once.
-- A command's first argument is its key (EVAL's: its first key); a command with no key
-- (INFO, MULTI, EXEC, CONFIG, ...) raises, as skynet's does: send it through a
-- connection of get_random_connection() or get_connection_by_slot().
local skynet = require "skynet"
local redis = require "skynet.db.redis"
local socketchannel = require "skynet.socketchannel"
local crc16 = require "skynet.db.redis.crc16"

local SLOTS = 16384
local MAX_REDIRECTS = 16
local NO_KEY = { info = true, multi = true, exec = true, slaveof = true, config = true, shutdown = true }
local WATCH = { subscribe = true, unsubscribe = true, psubscribe = true, punsubscribe = true }

local rediscluster = {}
local methods = {}

local function node_of(host, port)
	return { host = host, port = port, name = host .. ":" .. port }
end

-- cache[name], made by make() once even when several coroutines ask at the same time:
-- the others wait for the first one's result.
local function shared(self, cache, name, make)
	local conn = cache[name]
	if conn then
		return conn
	end
	local pending = self.__pending[name]
	if pending then
		local co = coroutine.running()
		pending[#pending + 1] = co
		skynet.wait(co)
		if not pending.ok then
			error(pending.value, 0)
		end
		return pending.value
	end
	pending = {}
	self.__pending[name] = pending
	local ok, value = pcall(make)
	self.__pending[name] = nil
	pending.ok, pending.value = ok, value
	if ok then
		cache[name] = value
	end
	for _, co in ipairs(pending) do
		skynet.wakeup(co)
	end
	if not ok then
		error(value, 0)
	end
	return value
end

local function conf_of(self, node)
	return { host = node.host, port = node.port, auth = self.opt.auth, username = self.opt.username, db = self.opt.db }
end

-- One connection per node; past max_connections, one of the others is closed first.
function methods:get_connection(node)
	node.name = node.name or (node.host .. ":" .. node.port)
	return shared(self, self.connections, node.name, function()
		local count = 0
		for _ in pairs(self.connections) do
			count = count + 1
		end
		if count >= self.max_connections then
			local name, old = next(self.connections)
			self.connections[name] = nil
			pcall(old.disconnect, old)
		end
		return redis.connect(conf_of(self, node))
	end)
end

function methods:close_all_connection()
	local all = self.connections
	self.connections = {}
	for _, conn in pairs(all) do
		pcall(conn.disconnect, conn)
	end
end

-- The slot map: slot -> master node (with its replicas), from the first startup node
-- that answers CLUSTER SLOTS.
function methods:initialize_slots_cache()
	for _, start in ipairs(self.startup_nodes) do
		local ok, ranges = pcall(function()
			return self:get_connection(start):cluster("slots")
		end)
		if ok and type(ranges) == "table" then
			local slots, nodes = {}, {}
			for _, range in ipairs(ranges) do
				local m = range[3]
				local master = node_of(m[1], assert(tonumber(m[2]), "CLUSTER SLOTS: a port that is not a number"))
				master.slaves = {}
				for i = 4, #range do
					master.slaves[#master.slaves + 1] = node_of(range[i][1], tonumber(range[i][2]))
				end
				nodes[#nodes + 1] = master
				for slot = range[1], range[2] do
					slots[slot] = master
				end
			end
			self.slots, self.nodes = slots, nodes
			self.refresh_table_asap = false
			return
		end
	end
end

function methods:flush_slots_cache()
	self.slots = {}
end

-- The slot of a key: of the part between the first { and the next }, when not empty.
function methods:keyslot(key)
	key = tostring(key)
	local open = string.find(key, "{", 1, true)
	if open then
		local close = string.find(key, "}", open + 1, true)
		if close and close > open + 1 then
			key = string.sub(key, open + 1, close - 1)
		end
	end
	return crc16(key) % SLOTS
end

-- A connection to any node that answers PING, in random order.
function methods:get_random_connection()
	local order = {}
	for i = 1, #self.nodes do
		order[i] = i
	end
	for i = #order, 2, -1 do
		local j = math.random(i)
		order[i], order[j] = order[j], order[i]
	end
	for _, i in ipairs(order) do
		local node = self.nodes[i]
		local ok, conn = pcall(self.get_connection, self, node)
		if ok and pcall(conn.ping, conn) then
			return conn
		end
		if ok then
			self.connections[node.name] = nil
			pcall(conn.disconnect, conn)
		end
	end
	error("Can't reach a single startup node.", 0)
end

-- The connection of a slot's master; a replica (READONLY) with read_slave when the
-- master cannot be reached; any node when the slot is unknown.
function methods:get_connection_by_slot(slot)
	local node = self.slots[slot]
	if not node then
		return self:get_random_connection()
	end
	local ok, conn = pcall(self.get_connection, self, node)
	if ok then
		return conn
	end
	if self.opt.read_slave and node.slaves and #node.slaves > 0 then
		local ok2, replica = pcall(self.get_connection, self, node.slaves[math.random(#node.slaves)])
		if ok2 then
			replica:readonly()
			return replica
		end
	end
	return self:get_random_connection()
end

-- The key a command goes by: its first argument, or EVAL's first key.
local function key_of(self, cmd, argv)
	if NO_KEY[cmd] then
		return nil
	end
	if cmd == "eval" or cmd == "evalsha" then
		local numkeys = tonumber(argv[3]) or 0
		local slot
		for i = 4, 3 + numkeys do
			local s = self:keyslot(argv[i])
			if slot and s ~= slot then
				error(cmd .. " - all keys must map to the same key slot", 0)
			end
			slot = s
		end
		return argv[4]
	end
	return argv[2]
end

-- A redirection in an error reply: "MOVED 3999 127.0.0.1:6381" -> "MOVED", slot, node.
local function redirection(err)
	if type(err) ~= "string" then
		return nil
	end
	local kind, slot, host, port = string.match(err, "^(%u+) (%d+) (.+):(%d+)$")
	if kind ~= "MOVED" and kind ~= "ASK" then
		return nil
	end
	return kind, tonumber(slot), node_of(host, tonumber(port))
end

local function watch_of(self, node)
	return shared(self, self.__watching, node.name, function()
		local w = redis.watch(conf_of(self, node))
		local onmessage = self.__onmessage
		skynet.fork(function()
			while getmetatable(w) ~= nil do     -- until the watch is disconnected
				local ok, data, channel, pattern = pcall(w.message, w)
				if ok and data and onmessage then
					local fine, why = pcall(onmessage, data, channel, pattern)
					if not fine then
						skynet.error("redis cluster: onmessage failed: " .. tostring(why))
					end
				end
			end
		end)
		return w
	end)
end

-- Sends a command to the node of its key, following MOVED and ASK.
function methods:call(name, ...)
	local argv = table.pack(name, ...)
	local cmd = string.lower(name)
	local key = key_of(self, cmd, argv)
	if key == nil then
		error("No way to dispatch this command to Redis Cluster: " .. tostring(name), 0)
	end
	if WATCH[cmd] then
		local slot = self:keyslot(key)
		if not self.slots[slot] then
			self:initialize_slots_cache()
		end
		local w = watch_of(self, assert(self.slots[slot], "no node serves the slot of " .. tostring(key)))
		return w[cmd](w, ...)
	end
	if self.refresh_table_asap then
		self:initialize_slots_cache()
	end
	local asking, random, last
	for tries = 1, MAX_REDIRECTS do
		local conn
		if asking then
			conn = self:get_connection(asking)
		elseif random then
			conn = self:get_random_connection()
		else
			conn = self:get_connection_by_slot(self:keyslot(key))
		end
		local result
		if asking then
			-- ASKING and the command back to back on one connection, in one write
			result = table.pack(pcall(conn.pipeline, conn, { { "asking" }, argv }))
		else
			result = table.pack(pcall(conn[cmd], conn, ...))
		end
		if result[1] then
			return table.unpack(result, 2, result.n)
		end
		last = result[2]
		asking, random = nil, false
		if last == socketchannel.error then
			random = true       -- the node is gone: ask another about the slot
			if tries > MAX_REDIRECTS / 2 then
				skynet.sleep(10)
			end
		else
			local kind, slot, node = redirection(last)
			if kind == nil then
				error(last, 0)
			elseif kind == "ASK" then
				asking = node
			else
				self.refresh_table_asap = true
				local old = self.slots[slot]
				node.slaves = old and old.slaves
				self.slots[slot] = node
			end
		end
	end
	error(string.format("Too many Cluster redirections?,maybe node is disconnected (last error: %q)", tostring(last)), 0)
end

setmetatable(methods, { __index = function(t, name)
	if type(name) ~= "string" then
		return nil
	end
	local f = function(self, ...)
		return self:call(name, ...)
	end
	t[name] = f
	return f
end })

local meta = { __index = methods }

function rediscluster.new(startup_nodes, opt, onmessage)
	if type(startup_nodes) ~= "table" then
		error("bad argument #1 to 'new' (a node {host, port} or a list of them expected)", 2)
	end
	if #startup_nodes == 0 then
		startup_nodes = { startup_nodes }
	end
	opt = opt or {}
	local self = setmetatable({
		startup_nodes = startup_nodes,
		max_connections = opt.max_connections or 256,
		connections = {},
		opt = opt,
		slots = {},
		nodes = {},
		refresh_table_asap = false,
		__onmessage = onmessage,
		__watching = {},
		__pending = {},
	}, meta)
	self:initialize_slots_cache()
	return self
end

return rediscluster
