-- datacenterd: skynet.datacenter's tree of values, with waiters for keys not set yet.
-- One per harbor, as skynet's DATACENTER on its master: node 1 (or a node without
-- harbor) runs it under the global name DATACENTER, and the other nodes call it there.
local skynet = require "skynet"

local database = {}
local waiting = {}   -- the same path shape as database; leaves are lists of responses
local LEAF = {}      -- marks a list of waiters in `waiting`

local CMD = {}

local function get(db, key, ...)
	if db == nil or key == nil then
		return db
	end
	if type(db) ~= "table" then
		return nil
	end
	return get(db[key], ...)
end

function CMD.QUERY(key, ...)
	if key == nil then return nil end
	return get(database[key], ...)
end

-- set(k1, ..., kn, value): returns the value it replaced. A key on the way that holds
-- a value, not a table, is an error, as in skynet (where indexing it fails), and the
-- tree is left as it was.
local function set(db, path, key, value, ...)
	if select("#", ...) == 0 then
		local old = db[key]
		db[key] = value
		return old, value
	end
	path = path == "" and tostring(key) or path .. "." .. tostring(key)
	local sub = db[key]
	if sub == nil then
		sub = {}
		db[key] = sub
	elseif type(sub) ~= "table" then
		error("datacenter.set: " .. path .. " holds a " .. type(sub) .. ", not a table", 0)
	end
	return set(sub, path, value, ...)
end

-- The waiters for exactly this path, taken out of `waiting`.
local function take_waiters(node, key, ...)
	if node == nil or key == nil then return nil end
	local q = node[key]
	if q == nil then return nil end
	if select("#", ...) == 1 then   -- the last key: ... is only the value
		if q[LEAF] then
			node[key] = nil
			return q
		end
		return nil
	end
	if q[LEAF] then
		-- they wait for this key's value, and it becomes a branch: skynet fails them
		node[key] = nil
		return q, true
	end
	return take_waiters(q, ...)
end

function CMD.UPDATE(...)
	if select("#", ...) < 2 then
		error("datacenter.set needs a key and a value")
	end
	local old, value = set(database, "", ...)
	if old == nil and value ~= nil then
		local q, branch = take_waiters(waiting, ...)
		if q then
			for _, response in ipairs(q) do
				if branch then response(false) else response(true, value) end
			end
		end
	end
	return old
end

local function wait_on(node, key, nextkey, ...)
	local q = node[key]
	if nextkey == nil then
		if q == nil then
			q = { [LEAF] = true }
			node[key] = q
		elseif not q[LEAF] then
			error("datacenter.wait: waiters under this key wait for its sub-keys")
		end
		q[#q + 1] = skynet.response()
		return
	end
	if q == nil then
		q = {}
		node[key] = q
	elseif q[LEAF] then
		error("datacenter.wait: a waiter waits on this key itself")
	end
	return wait_on(q, nextkey, ...)
end

-- How many callers wait, for tests and the debug console.
function CMD.WAITERS()
	local n = 0
	local function count(node)
		for k, q in pairs(node) do
			if k ~= LEAF then
				if q[LEAF] then n = n + #q else count(q) end
			end
		end
	end
	count(waiting)
	return n
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		if cmd == "WAIT" then
			if select("#", ...) == 0 then error("datacenter.wait needs a key") end
			local v = CMD.QUERY(...)
			if v ~= nil then
				return skynet.retpack(v)
			end
			return wait_on(waiting, ...)
		end
		local f = CMD[cmd]
		if not f then error("datacenterd: unknown command " .. tostring(cmd)) end
		skynet.retpack(f(...))
	end)
	local node = skynet.harbor(skynet.self())
	if node > 1 then
		error("datacenterd runs on node 1, the harbor's master (this is node " .. node .. ")", 0)
	end
	skynet.register("DATACENTER")
end)
