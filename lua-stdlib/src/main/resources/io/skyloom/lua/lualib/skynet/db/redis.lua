-- skynet.db.redis: a Redis client over skynet.socketchannel, with skynet's API.
--
--   local db = redis.connect { host = "127.0.0.1", port = 6379, db = 0, auth = "pw", username = "u" }
--   db:set("k", "v"); db:get("k"); db:hmset("h", "f", 1); db:hgetall("h")  -- any command, by name
--   db:pipeline({ {"set", "a", 1}, {"incr", "a"} }, resp)                     -- one round trip
--   db:disconnect()
--   local w = redis.watch(conf); w:subscribe "ch"; w:psubscribe "p.*"; w:message()
--
-- Replies: a status is its text, an integer a number, a bulk string its bytes (any
-- bytes, zeros included) or nil, a multi-bulk a table (nested as sent) or nil. An error
-- reply raises its text, as skynet's does ("WRONGTYPE Operation ..."), and the
-- connection goes on; a multi-bulk holding an error raises the table. The connection
-- lost raises socketchannel's error; a reply that is not Redis's protocol raises an
-- error that says what was wrong and closes the connection (the next command connects
-- again). Many coroutines of a service may share one connection: the channel matches
-- replies to requests in order.

local socketchannel = require "skynet.socketchannel"

local redis = {}

---------- replies (RESP2)

-- Redis's own limit on a bulk string (proto-max-bulk-len); a longer one is not Redis.
local MAX_BULK = 512 * 1024 * 1024
-- Replies nest a few levels (EXEC of XREADs); a deeper one is a broken or hostile peer.
local MAX_DEPTH = 64

local function malformed(what)
	error("redis: malformed reply: " .. what, 0)
end

-- The count of a '$' or '*' header: an integer, -1 for nil.
local function count_of(kind, text)
	local n = tonumber(text)
	if n == nil or n ~= math.floor(n) or n < -1 then
		malformed(string.format("%s count %q is not a length", kind, text))
	end
	return n
end

local read_reply

local readers = {}

readers["+"] = function(so, text)
	return true, text
end

readers["-"] = function(so, text)
	return false, text
end

readers[":"] = function(so, text)
	local n = tonumber(text)
	if n == nil then
		malformed(string.format("integer %q is not a number", text))
	end
	return true, n
end

readers["$"] = function(so, text)
	local n = count_of("bulk", text)
	if n < 0 then
		return true, nil
	end
	if n > MAX_BULK then
		malformed(string.format("bulk of %d bytes is over Redis's limit", n))
	end
	local data = so:read(n + 2)
	if string.sub(data, -2) ~= "\r\n" then
		malformed(string.format("bulk of %d bytes does not end with CRLF", n))
	end
	return true, string.sub(data, 1, n)
end

readers["*"] = function(so, text, depth)
	local n = count_of("multi-bulk", text)
	if n < 0 then
		return true, nil
	end
	if depth >= MAX_DEPTH then
		malformed("multi-bulk nested deeper than " .. MAX_DEPTH)
	end
	local items, all_ok = {}, true
	for i = 1, n do
		local ok, v = read_reply(so, depth + 1)
		all_ok = all_ok and ok
		items[i] = v
	end
	return all_ok, items
end

-- One reply: ok (false for an error reply, or a multi-bulk holding one) and its value.
function read_reply(so, depth)
	local line = so:readline "\r\n"
	local reader = readers[string.sub(line, 1, 1)]
	if reader == nil then
		if line == "" then
			malformed("empty line")
		end
		malformed(string.format("unknown type byte %q in line %q", string.sub(line, 1, 1), string.sub(line, 1, 40)))
	end
	return reader(so, string.sub(line, 2), depth or 0)
end

-- An error reply travels through the channel as a value and is raised here, by the
-- caller, with the server's text as it is (no position), the way skynet's raises it:
-- the channel's own assert would add LuaJ's position and turn a table into text.
local ErrorReply = {}

local function carried(ok, v)
	if ok then
		return true, v
	end
	return true, setmetatable({ v }, ErrorReply)
end

local function unwrap(r)
	if getmetatable(r) == ErrorReply then
		error(r[1], 0)
	end
	return r
end

local function read_response(so)
	return carried(read_reply(so, 0))
end

local function read_boolean(so)
	local ok, v = read_reply(so, 0)
	if not ok then
		return carried(false, v)
	end
	return true, v ~= 0
end

---------- requests

-- An argument's bytes: strings as they are, numbers as Redis reads them (integral ones
-- without exponent or ".0", so INCRBY gets "1000000000000000"), booleans as words.
local function arg_bytes(cmd, i, v)
	local t = type(v)
	if t == "string" then
		return v
	elseif t == "number" then
		if v == math.floor(v) and v > -2^53 and v < 2^53 then
			return string.format("%d", v)
		end
		return tostring(v)
	elseif t == "boolean" then
		return tostring(v)
	end
	error(string.format("redis: argument #%d of %s is a %s (strings, numbers and booleans only)", i, cmd, t), 0)
end

-- Appends one command (name and arguments args[1..n]) to parts, in RESP's request form.
local function add_command(parts, cmd, args, n)
	parts[#parts + 1] = "*" .. (n + 1) .. "\r\n$" .. #cmd .. "\r\n" .. cmd .. "\r\n"
	for i = 1, n do
		local v = arg_bytes(cmd, i, args[i])
		parts[#parts + 1] = "$" .. #v .. "\r\n"
		parts[#parts + 1] = v
		parts[#parts + 1] = "\r\n"
	end
	return parts
end

-- The request for cmd with skynet's argument forms: none, one table of arguments
-- ({n = ...} allowed), or the arguments themselves.
local function compose(cmd, ...)
	local first = ...
	local nargs = select("#", ...)
	if nargs == 0 or (nargs == 1 and first == nil) then
		return add_command({}, cmd, {}, 0)
	elseif type(first) == "table" and nargs == 1 then
		return add_command({}, cmd, first, first.n or #first)
	end
	return add_command({}, cmd, { ... }, nargs)
end

local function send(parts)
	return table.concat(parts)
end

---------- connections

local command = {}
local meta = { __index = command }

-- Log in (AUTH, with a username for Redis 6's ACLs) and SELECT the db, on every
-- (re)connect: socketchannel runs this before any waiting request goes out.
local function login(conf)
	local auth, db = conf.auth, conf.db
	if auth == nil and db == nil then
		return nil
	end
	return function(so)
		if auth ~= nil then
			if conf.username ~= nil then
				unwrap(so:request(send(compose("AUTH", conf.username, auth)), read_response))
			else
				unwrap(so:request(send(compose("AUTH", auth)), read_response))
			end
		end
		if db ~= nil then
			unwrap(so:request(send(compose("SELECT", db)), read_response))
		end
	end
end

local function check_conf(conf, fname)
	if type(conf) ~= "table" then
		error(string.format("bad argument #1 to '%s' (table expected, got %s)", fname, type(conf)), 3)
	end
	if type(conf.host) ~= "string" then
		error(string.format("bad argument #1 to '%s' (host must be a string, got %s)", fname, type(conf.host)), 3)
	end
	local port = conf.port
	if port ~= nil and (type(port) ~= "number" or port ~= math.floor(port) or port < 1 or port > 65535) then
		error(string.format("bad argument #1 to '%s' (port must be 1-65535, got %s)", fname, tostring(port)), 3)
	end
end

function redis.connect(conf)
	check_conf(conf, "redis.connect")
	local channel = socketchannel.channel {
		host = conf.host,
		port = conf.port or 6379,
		auth = login(conf),
		nodelay = true,
		overload = conf.overload,
	}
	channel:connect(true)    -- once: a server that is not there fails here
	return setmetatable({ channel }, meta)
end

function command:disconnect()
	self[1]:close()
	setmetatable(self, nil)
end

-- Any other name is the Redis command of that name: db:lrange("l", 0, -1).
setmetatable(command, { __index = function(t, name)
	if type(name) ~= "string" then
		return nil
	end
	local cmd = string.upper(name)
	local f = function(self, ...)
		return unwrap(self[1]:request(send(compose(cmd, ...)), read_response))
	end
	t[name] = f
	return f
end })

function command:exists(key)
	return unwrap(self[1]:request(send(compose("EXISTS", key)), read_boolean))
end

function command:sismember(key, value)
	return unwrap(self[1]:request(send(compose("SISMEMBER", key, value)), read_boolean))
end

-- ops: a list of commands, each a list {"name", args...}, sent in one write. With
-- resp (a table), each reply is appended to it as {ok = ..., out = ...} and resp is
-- returned; without, the last reply is returned (and raises if it is an error).
function command:pipeline(ops, resp)
	assert(type(ops) == "table" and #ops > 0, "pipeline is null")
	local parts = {}
	for i, op in ipairs(ops) do
		if type(op) ~= "table" or type(op[1]) ~= "string" then
			error(string.format("redis: pipeline command #%d is not a list {\"name\", args...}", i), 2)
		end
		local args = {}
		for j = 2, #op do
			args[j - 1] = op[j]
		end
		add_command(parts, string.upper(op[1]), args, #op - 1)
	end
	local count = #ops
	if resp then
		return self[1]:request(send(parts), function(so)
			for _ = 1, count do
				local ok, out = read_reply(so, 0)
				resp[#resp + 1] = { ok = ok, out = out }
			end
			return true, resp
		end)
	end
	return unwrap(self[1]:request(send(parts), function(so)
		local ok, out
		for _ = 1, count do
			ok, out = read_reply(so, 0)
		end
		return carried(ok, out)
	end))
end

---------- watch: a connection in subscribe mode

local watch = {}
local watchmeta = { __index = watch }

-- On every (re)connect: log in, then subscribe again to what the watch holds.
local function watch_login(conf, obj)
	local login_auth = login(conf)
	return function(so)
		if login_auth then
			login_auth(so)
		end
		for pattern in pairs(obj.__psubscribe) do
			so:request(send(compose("PSUBSCRIBE", pattern)))
		end
		for name in pairs(obj.__subscribe) do
			so:request(send(compose("SUBSCRIBE", name)))
		end
	end
end

function redis.watch(conf)
	check_conf(conf, "redis.watch")
	local obj = { __subscribe = {}, __psubscribe = {} }
	local channel = socketchannel.channel {
		host = conf.host,
		port = conf.port or 6379,
		auth = watch_login(conf, obj),
		nodelay = true,
	}
	obj.__sock = channel
	channel:connect(true)
	return setmetatable(obj, watchmeta)
end

function watch:disconnect()
	self.__sock:close()
	setmetatable(self, nil)
end

-- subscribe, psubscribe, unsubscribe, punsubscribe: one request per name, no reply
-- awaited (the confirmations come through message). The sets a reconnect subscribes
-- again change here already, not only at the confirmation as in skynet's: a
-- connection lost before message() read the confirmation still comes back subscribed.
local watch_sets = { subscribe = { "__subscribe", true }, psubscribe = { "__psubscribe", true },
	unsubscribe = { "__subscribe", nil }, punsubscribe = { "__psubscribe", nil } }
for name, set in pairs(watch_sets) do
	local cmd = string.upper(name)
	watch[name] = function(self, ...)
		local so = self.__sock
		for i = 1, select("#", ...) do
			local v = select(i, ...)
			self[set[1]][v] = set[2]
			so:request(send(compose(cmd, v)))
		end
	end
end

-- The next message: data, channel for a subscription; data, channel, pattern for a
-- pattern's. Confirmations of (un)subscribing update what a reconnect subscribes to.
function watch:message()
	local so = self.__sock
	while true do
		local ret = unwrap(so:response(read_response))
		if type(ret) ~= "table" then
			error("redis: malformed message in subscribe mode: " .. tostring(ret), 0)
		end
		local kind, channel, data, data2 = ret[1], ret[2], ret[3], ret[4]
		if kind == "message" then
			return data, channel
		elseif kind == "pmessage" then
			return data2, data, channel
		elseif kind == "subscribe" then
			self.__subscribe[channel] = true
		elseif kind == "psubscribe" then
			self.__psubscribe[channel] = true
		elseif kind == "unsubscribe" then
			self.__subscribe[channel] = nil
		elseif kind == "punsubscribe" then
			self.__psubscribe[channel] = nil
		end
	end
end

return redis
