-- Drives skynet.multicast, skynet.datacenter, skynet.sharedata, skynet.sharetable and
-- skynet.coroutine across real services; SharedModulesTest calls each command.
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"
local multicast = require "skynet.multicast"
local datacenter = require "skynet.datacenter"
local sharedata = require "skynet.sharedata"
local sharetable = require "skynet.sharetable"
local sco = require "skynet.coroutine"
local stm = require "skynet.stm"
local sharemap = require "skynet.sharemap"
local sprotoloader = require "sprotoloader"
local sprotoparser = require "sprotoparser"

local CMD = {}

-- Polls f() every tick until it returns true, for up to 5 s; returns whether it did.
local function eventually(f)
	for _ = 1, 500 do
		if f() then return true end
		skynet.sleep(1)
	end
	return false
end

local function count(sub)
	return skynet.call(sub, "lua", "count")
end

-- ---- multicast ----

function CMD.mc_order()
	local ch = multicast.new()
	local a = skynet.newservice("mc_sub", ch.channel)
	local b = skynet.newservice("mc_sub", ch.channel)
	local pub = skynet.newservice("mc_pub", ch.channel, 50, "pub")   -- publishes beside us, then exits
	for i = 1, 50 do ch:publish("drv", i) end
	local arrived = eventually(function() return count(a) == 100 and count(b) == 100 end)
	local result = { arrived = arrived }
	for name, sub in pairs { a = a, b = b } do
		local next_of = { drv = 1, pub = 1 }
		local in_order, sources = true, true
		for _, m in ipairs(skynet.call(sub, "lua", "log")) do
			local tag, i = m.values[1], m.values[2]
			if next_of[tag] ~= i then in_order = false end
			next_of[tag] = i + 1
			local want = tag == "drv" and skynet.self() or pub
			if m.source ~= want then sources = false end
		end
		result[name] = { in_order = in_order, sources = sources }
	end
	return result
end

-- The channel's size, as multicastd counts it: subscribers here, other nodes subscribed.
local function mc_size(id)
	return skynet.call(skynet.uniqueservice("multicastd"), "lua", "SIZE", id)
end

function CMD.mc_subscriber_dies()
	local ch = multicast.new()
	local a = skynet.newservice("mc_sub", ch.channel)
	local b = skynet.newservice("mc_sub", ch.channel)
	local subs, nodes = mc_size(ch.channel)
	skynet.kill(a)
	local ok = pcall(function() for i = 1, 5 do ch:publish(i) end end)
	return ok, count(b), subs, nodes, mc_size(ch.channel)
end

function CMD.mc_owner_dies()
	local owner = skynet.newservice("mc_owner")
	local id = skynet.call(owner, "lua", "new")
	local sub = skynet.newservice("mc_sub", id)
	local ch = multicast.new { channel = id }
	ch:publish("after the owner")
	return id, count(sub)
end

function CMD.mc_unsubscribe()
	local ch = multicast.new()
	local sub = skynet.newservice("mc_sub", ch.channel)
	for i = 1, 3 do ch:publish(i) end
	local before = skynet.call(sub, "lua", "unsubscribe")
	for i = 4, 5 do ch:publish(i) end
	return before, count(sub)
end

function CMD.mc_delete()
	local ch = multicast.new()
	local id = ch.channel
	local sub = skynet.newservice("mc_sub", id)
	ch:delete()
	multicast.new({ channel = id }):publish("into a deleted channel")
	local ok, err = pcall(ch.publish, ch, "again")
	return count(sub), ok, err
end

function CMD.mc_bad()
	local ok1, e1 = pcall(multicast.new, 5)
	local ok2, e2 = pcall(function() multicast.new():subscribe() end)
	return ok1, e1, ok2, e2
end

-- ---- datacenter ----

function CMD.dc_basic()
	local r = {}
	r[1] = datacenter.set("a", 1)
	r[2] = datacenter.set("a", 2)
	datacenter.set("t", "x", "y", 5)
	r[3] = datacenter.get("t", "x", "y")
	r[4] = datacenter.get("t", "x").y
	r[5] = datacenter.get("nope")
	r[6] = datacenter.get("t", "x", "y", "z")
	r[7] = datacenter.get("a")
	local ok, err = pcall(datacenter.set, "only a key")
	r[8] = ok
	r[9] = err
	return table.unpack(r, 1, 9)
end

function CMD.dc_scalar_on_the_path()
	datacenter.set("s", 1)
	datacenter.set("s2", "x", "leaf")
	local ok1, e1 = pcall(datacenter.set, "s", "k", 2)
	local ok2, e2 = pcall(datacenter.set, "s2", "x", "y", "z", 3)
	return ok1, e1, datacenter.get("s"), ok2, e2, datacenter.get("s2", "x")
end

local function waiters()
	return skynet.call(skynet.uniqueservice("datacenterd"), "lua", "WAITERS")
end

function CMD.dc_waiters(n)
	return eventually(function() return waiters() == n end)
end

function CMD.dc_set(...)
	return datacenter.set(...)
end

function CMD.dc_waiter_dies()
	local w = skynet.newservice("dc_waiter")
	skynet.call(w, "lua", "wait_later", "gone", "k")
	local registered = eventually(function() return waiters() >= 1 end)
	skynet.kill(w)
	local old = datacenter.set("gone", "k", 1)
	return registered, old, datacenter.get("gone", "k")
end

function CMD.dc_branch()
	local w = skynet.newservice("dc_waiter")
	skynet.fork(function() CMD.branch_result = { pcall(skynet.call, w, "lua", "wait", "br") } end)
	local registered = eventually(function() return waiters() >= 1 end)
	datacenter.set("br", "leaf", 1)   -- "br" becomes a branch: its waiter fails
	eventually(function() return CMD.branch_result ~= nil end)
	return registered, CMD.branch_result[1]
end

-- ---- sharedata ----

function CMD.sd_new(name, t)
	sharedata.new(name, t)
	return true
end

function CMD.sd_new_list(name, n)
	local t = {}
	for i = 1, n do t[i] = "item number " .. i end
	sharedata.new(name, t)
	return true
end

function CMD.sd_update(name, t)
	sharedata.update(name, t)
	return true
end

function CMD.sd_source()
	sharedata.new("code", "x = 1\ny = { 2, 3 }")
	sharedata.new("code2", "return { z = ... }", 7)
	local code = sharedata.query("code")
	local copy = sharedata.deepcopy("code", "y")
	copy[1] = 9                                   -- a copy is an ordinary table
	local whole = sharedata.deepcopy("code")
	return code.x, code.y[2], sharedata.query("code2").z, copy[1], code.y[1], whole.y[2], sharedata.deepcopy("code", "x")
end

function CMD.sd_delete()
	sharedata.new("tmp", { a = 1 })
	local box = sharedata.query("tmp")
	sharedata.delete("tmp")
	local ok, err = pcall(sharedata.query, "tmp")
	return box.a, ok, err
end

function CMD.sd_bad()
	local ok1, e1 = pcall(sharedata.new, "f", { f = print })
	local ok2, e2 = pcall(sharedata.query, 5)
	sharedata.new("twice", {})
	local ok3, e3 = pcall(sharedata.new, "twice", {})
	local ok4, e4 = pcall(sharedata.new, "cycle", (function() local t = {} t.me = t return t end)())
	local ok5, e5 = pcall(sharedata.new, "fsrc", "function f() end")
	return ok1, e1, ok2, e2, ok3, e3, ok4, e4, ok5, e5
end

-- ---- sharetable ----

function CMD.st_load(name, t)
	sharetable.loadtable(name, t)
	return true
end

function CMD.st_loadstring(name, source)
	sharetable.loadstring(name, source)
	return true
end

function CMD.st_misc(file)
	sharetable.loadfile(file)
	local items = sharetable.query(file)
	local all = sharetable.queryall()
	local some = sharetable.queryall { file }
	local ok1, e1 = pcall(sharetable.loadtable, "x", 5)
	local ok2, e2 = pcall(sharetable.loadstring, "bad", "return 1")
	return items.sword.damage, #items.list, all[file] ~= nil, some[file].sword.damage, sharetable.query("nothing loaded"),
		ok1, e1, ok2, e2
end

-- ---- stm and sharemap ----

function CMD.stm_flow()
	local reader = skynet.newservice("shared_reader")
	local w = stm.new(skynet.pack(1, 2, 3))
	skynet.call(reader, "lua", "stm_hold", stm.copy(w))
	local r1 = skynet.call(reader, "lua", "stm_read")
	local r2 = skynet.call(reader, "lua", "stm_read")   -- unchanged: false
	w(skynet.pack("hello", 4))
	local r3 = skynet.call(reader, "lua", "stm_read")
	w("raw")
	local r4 = skynet.call(reader, "lua", "stm_read_raw")
	local ok, err = pcall(stm.new, {})
	return r1, r2, r3, r4, ok, err
end

function CMD.sharemap_flow()
	sprotoloader.save(sprotoparser.parse [[
		.Player {
			name 0 : string
			level 1 : integer
		}
	]], 0)
	local reader = skynet.newservice("shared_reader")
	local w = sharemap.writer("Player", { name = "ann", level = 1 })
	local name, level = skynet.call(reader, "lua", "map_hold", w:copy())
	w.level = 5
	w:commit()
	local u1 = { skynet.call(reader, "lua", "map_update") }
	local u2 = { skynet.call(reader, "lua", "map_update") }   -- nothing new
	local ok, err = pcall(sharemap.writer, "NoSuchType")
	return name, level, u1, u2[1], ok, err
end

-- ---- skynet.coroutine ----

function CMD.co_flow()
	local peer = skynet.newservice("tasks_peer")
	local seen = {}
	local task = coroutine.running()
	local co
	co = sco.create(function(x)
		local from, is_task = sco.thread()
		seen.thread = from == task and is_task == false
		local r = skynet.call(peer, "lua", "echo", x)
		local y = sco.yield(r .. "!")
		return y * 2
	end)
	skynet.fork(function()
		seen.blocked = sco.status(co)
		seen.resume_blocked = { sco.resume(co) }
	end)
	local r1 = { sco.resume(co, "hi") }
	local st1 = sco.status(co)
	local r2 = { sco.resume(co, 21) }
	local st2 = sco.status(co)
	local r3 = { sco.resume(co) }
	local f = sco.wrap(function() sco.yield(1) return 2 end)
	local w1, w2 = f(), f()
	local werr = select(2, pcall(sco.wrap(function() error("inside wrap", 0) end)))
	local plain = { sco.resume(coroutine.create(function() end)) }
	local bad_ok, bad = pcall(sco.status, 5)
	local me, main = sco.thread()
	return {
		r1 = r1, st1 = st1, r2 = r2, st2 = st2, r3 = r3, w = { w1, w2 }, werr = werr, plain = plain,
		seen = seen, bad = bad, bad_ok = bad_ok, main = main and me == task,
	}
end

foreign.dispatch("cmd", function(name, ...)
	local f = CMD[name]
	if not f then error("no command " .. tostring(name)) end
	return f(...)
end)

skynet.start(function() end)
