-- skynet.db.redis against the test's redis-server: each command of RedisTest is one case,
-- asserting in Lua where the case is about order or matching, and returning what the
-- Java side checks value by value. Keys start with the prefix the test gives.
local skynet = require "skynet"
local redis = require "skynet.db.redis"
local socketchannel = require "skynet.socketchannel"
local foreign = require "pyskynet.foreign"

local host, port = ...
port = tonumber(port)

local db
local function conn()
	if not db then
		db = redis.connect { host = host, port = port }
	end
	return db
end

-- A value that must reach Java as "nil" rather than as a hole in the results.
local function show(v)
	if v == nil then
		return "nil"
	end
	return v
end

-- Runs body(i) for i = 1..n, each in its own coroutine, and waits for all of them.
local function together(n, body)
	local me, left, failures = coroutine.running(), n, {}
	for i = 1, n do
		skynet.fork(function()
			local ok, err = pcall(body, i)
			if not ok then
				failures[#failures + 1] = tostring(err)
			end
			left = left - 1
			if left == 0 then
				skynet.wakeup(me)
			end
		end)
	end
	skynet.wait(me)
	return failures
end

-- binary: bytes that are not UTF-8, zeros, and CRLFs that look like RESP
local BINARY = "a\0b\255\254\r\n$3\r\nend\0"

foreign.dispatch("strings", function(p)
	local d = conn()
	local set = d:set(p .. "s", "hello")
	local got = d:get(p .. "s")
	d:set(p .. "bin", BINARY)
	local bin = d:get(p .. "bin")
	assert(bin == BINARY, "binary value changed on the way")
	local len = d:strlen(p .. "bin")
	d:set(p .. "empty", "")
	local empty = d:get(p .. "empty")
	local append = d:append(p .. "s", " world")
	local range = d:getrange(p .. "s", 0, 4)
	local m = d:mget(p .. "s", p .. "missing", p .. "empty")
	return set, got, bin, len, empty, append, range, m[1], show(m[2]), m[3]
end)

-- what Java wrote raw (jbin), read back here
foreign.dispatch("get", function(key)
	return show(conn():get(key))
end)

foreign.dispatch("set_binary", function(key)
	return conn():set(key, BINARY)
end)

foreign.dispatch("hashes", function(p)
	local d = conn()
	local h = p .. "h"
	local r = { d:hmset(h, "f1", "v1", "f2", 2) }
	r[#r + 1] = d:hget(h, "f1")
	r[#r + 1] = d:hincrby(h, "f2", 5)
	r[#r + 1] = d:hexists(h, "f1")
	r[#r + 1] = d:hlen(h)
	local mget = d:hmget(h, "f1", "nope", "f2")
	r[#r + 1] = mget[1]
	r[#r + 1] = show(mget[2])
	r[#r + 1] = mget[3]
	r[#r + 1] = d:hmset({ p .. "h2", "a", "1", "b", "\255" })    -- skynet's one-table form
	local all = d:hgetall(p .. "h2")
	local map = {}
	for i = 1, #all, 2 do
		map[all[i]] = all[i + 1]
	end
	r[#r + 1] = map.a
	r[#r + 1] = map.b
	r[#r + 1] = d:hdel(h, "f1")
	r[#r + 1] = show(d:hget(h, "f1"))
	return table.unpack(r)
end)

foreign.dispatch("hgetall", function(key)
	return conn():hgetall(key)
end)

foreign.dispatch("lists", function(p)
	local d = conn()
	local l = p .. "l"
	local r = {}
	r[#r + 1] = d:rpush(l, 1, 2, 3, 4, 5)
	r[#r + 1] = d:lpush(l, 0)
	r[#r + 1] = table.concat(d:lrange(l, 0, -1), ",")
	r[#r + 1] = d:llen(l)
	r[#r + 1] = d:lpop(l)
	r[#r + 1] = d:rpop(l)
	r[#r + 1] = d:lindex(l, 1)
	local none = d:lrange(p .. "nolist", 0, -1)
	r[#r + 1] = type(none)
	r[#r + 1] = #none
	r[#r + 1] = show(d:lpop(p .. "nolist"))
	return table.unpack(r)
end)

foreign.dispatch("integers", function(p)
	local d = conn()
	local k = p .. "n"
	local r = {}
	r[#r + 1] = d:incr(k)
	r[#r + 1] = d:incrby(k, 1000000000000000)
	r[#r + 1] = d:decrby(k, 3)
	r[#r + 1] = d:decr(p .. "neg")
	r[#r + 1] = d:incrbyfloat(p .. "f", 2.5)
	r[#r + 1] = d:exists(k)
	r[#r + 1] = d:exists(p .. "absent")
	d:sadd(p .. "set", "one")
	r[#r + 1] = d:sismember(p .. "set", "one")
	r[#r + 1] = d:sismember(p .. "set", "two")
	r[#r + 1] = d:ttl(k)
	r[#r + 1] = d:type(k)
	r[#r + 1] = d:ping()
	r[#r + 1] = d:del(k, p .. "neg", p .. "absent")
	return table.unpack(r)
end)

foreign.dispatch("nils_and_nesting", function(p)
	local d = conn()
	local r = {}
	r[#r + 1] = show(d:get(p .. "none"))
	r[#r + 1] = show(d:hget(p .. "none", "f"))
	r[#r + 1] = show(d:blpop(p .. "none", 0.01))          -- a nil multi-bulk (*-1)
	local nested = d:eval("return {1, {2, {'three', false}}, 'four'}", 0)
	r[#r + 1] = nested[1]
	r[#r + 1] = nested[2][1]
	r[#r + 1] = nested[2][2][1]
	r[#r + 1] = show(nested[2][2][2])                       -- false is a nil bulk
	r[#r + 1] = nested[3]
	r[#r + 1] = d:eval("return redis.status_reply('FINE')", 0)
	r[#r + 1] = d:multi()
	r[#r + 1] = d:set(p .. "tx", "v")
	r[#r + 1] = d:get(p .. "tx")
	local exec = d:exec()
	r[#r + 1] = exec[1]
	r[#r + 1] = exec[2]
	-- an error inside a multi-bulk: skynet raises the whole table
	d:multi()
	d:set(p .. "tx2", "x")
	d:incr(p .. "tx2")
	local ok, err = pcall(d.exec, d)
	r[#r + 1] = ok
	r[#r + 1] = type(err)
	r[#r + 1] = err[1]
	r[#r + 1] = err[2]
	return table.unpack(r)
end)

foreign.dispatch("pipeline", function(p, n)
	local d = conn()
	local ops = {}
	for i = 1, n do
		ops[#ops + 1] = { "set", p .. i, i }
		ops[#ops + 1] = { "incr", p .. i }
		ops[#ops + 1] = { "get", p .. i }
	end
	ops[#ops + 1] = { "hget", p .. "1", "field" }     -- WRONGTYPE, in the middle of the rest
	ops[#ops + 1] = { "get", p .. n }
	local resp = {}
	local same = d:pipeline(ops, resp)
	assert(same == resp, "pipeline returns the resp table")
	assert(#resp == 3 * n + 2, "one reply per command, got " .. #resp)
	for i = 1, n do
		local set, incr, get = resp[3 * i - 2], resp[3 * i - 1], resp[3 * i]
		assert(set.ok and set.out == "OK", "set " .. i)
		assert(incr.ok and incr.out == i + 1, "incr " .. i .. " gave " .. tostring(incr.out))
		assert(get.ok and get.out == tostring(i + 1), "get " .. i .. " gave " .. tostring(get.out))
	end
	local wrong, last = resp[3 * n + 1], resp[3 * n + 2]
	local lastonly = d:pipeline({ { "set", p .. "x", "a" }, { "append", p .. "x", "b" }, { "get", p .. "x" } })
	local ok, err = pcall(d.pipeline, d, { { "get", p .. "x" }, { "hget", p .. "x", "f" } })
	return #resp, wrong.ok, wrong.out, last.out, lastonly, ok, err, d:get(p .. "x")
end)

foreign.dispatch("concurrent", function(p, n, rounds)
	local d = conn()
	local failures = together(n, function(i)
		for j = 1, rounds do
			local v = "v" .. i .. "_" .. j
			assert(d:set(p .. i, v) == "OK")
			local got = d:get(p .. i)
			assert(got == v, "coroutine " .. i .. " got " .. tostring(got) .. " for " .. v)
			local list = d:lrange(p .. "none", 0, -1)
			assert(type(list) == "table" and #list == 0, "coroutine " .. i .. " got a foreign reply for LRANGE")
			assert(type(d:incr(p .. "count")) == "number")
			assert(d:exists(p .. i) == true)
		end
	end)
	return table.concat(failures, "; "), d:get(p .. "count")
end)

foreign.dispatch("errors", function(p)
	local d = conn()
	d:set(p, "x")
	local ok1, wrongtype = pcall(d.lpush, d, p, "y")
	local after1 = d:get(p)
	local ok2, unknown = pcall(d.nosuchcommand, d, "a")
	local ok3, badarg = pcall(d.set, d, p, {})
	local ok4, nilarg = pcall(d.set, d, p, nil, "z")
	local ok5, badpipe = pcall(d.pipeline, d, { "get" })
	return ok1, wrongtype, after1, ok2, unknown, ok3, badarg, ok4, nilarg, ok5, badpipe, d:ping()
end)

foreign.dispatch("bad_conf", function()
	local ok1, e1 = pcall(redis.connect, "127.0.0.1")
	local ok2, e2 = pcall(redis.connect, { port = port })
	local ok3, e3 = pcall(redis.connect, { host = host, port = "six" })
	local ok4, e4 = pcall(redis.watch, { host = host, port = 70000 })
	return ok1, e1, ok2, e2, ok3, e3, ok4, e4
end)

foreign.dispatch("refused", function(closed_port)
	local ok, err = pcall(redis.connect, { host = host, port = closed_port })
	return ok, err == socketchannel.error, tostring(err)
end)

foreign.dispatch("disconnect", function()
	local d = redis.connect { host = host, port = port }
	local name = d:client("setname", "leaving")
	d:disconnect()
	return name, getmetatable(d) == nil
end)

-- a connection blocked in BLPOP while the server goes away; another waits in a watch
local doomed, doomed_watch
foreign.dispatch("block", function(dport)
	doomed = redis.connect { host = host, port = dport }
	local ok, err = pcall(doomed.blpop, doomed, "never", 0)
	return ok, err == socketchannel.error, tostring(err)
end)

foreign.dispatch("watch_until_gone", function(dport)
	doomed_watch = redis.watch { host = host, port = dport }
	doomed_watch:subscribe "nobody"
	-- a first message shows the watch waits in message(), the call the server's going
	-- away must end (a watch between two message() calls connects again, as skynet's)
	skynet.setenv("redis_watch_ready", doomed_watch:message())
	local ok, err = pcall(doomed_watch.message, doomed_watch)
	return ok, err == socketchannel.error, tostring(err)
end)

foreign.dispatch("after_gone", function()
	local ok, err = pcall(doomed.get, doomed, "k")
	return ok, err == socketchannel.error
end)

foreign.dispatch("fake", function(fport, count)
	local d = redis.connect { host = host, port = fport }
	local r = {}
	for i = 1, count do
		local ok, v = pcall(d.get, d, "k")
		r[i] = (ok and "ok:" or "error:") .. tostring(v)
	end
	return r
end)

foreign.dispatch("auth", function(aport)
	local in2 = redis.connect { host = host, port = aport, auth = "pw", db = 2 }
	in2:set("k", "in db 2")
	local in0 = redis.connect { host = host, port = aport, auth = "pw" }
	local alice = redis.connect { host = host, port = aport, username = "alice", auth = "secret", db = 2 }
	local okw, wrong = pcall(redis.connect, { host = host, port = aport, auth = "wrong" })
	local anon = redis.connect { host = host, port = aport }
	local okn, noauth = pcall(anon.get, anon, "k")
	return show(in0:get("k")), alice:get("k"), alice:acl("whoami"), okw, wrong == socketchannel.error, okn, noauth
end)

-- a connection on db 2 that the server will drop: the next command connects again,
-- and SELECTs db 2 again before it goes out
local dropped
foreign.dispatch("before_drop", function(p)
	dropped = redis.connect { host = host, port = port, db = 2 }
	dropped:set(p .. "k", "in db 2")
	return dropped:client("id")
end)

foreign.dispatch("after_drop", function(p)
	local failed = 0
	local ok, v = pcall(dropped.get, dropped, p .. "k")
	if not ok then
		-- the request that met the closed socket fails; the next one connects again
		failed = 1
		v = dropped:get(p .. "k")
	end
	return v, dropped:client("id"), failed
end)

foreign.dispatch("alive", function()
	return "alive"
end)

skynet.start(function() end)
