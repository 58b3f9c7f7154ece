-- Reads shared data (skynet.sharedata, skynet.sharetable) for SharedModulesTest, and
-- keeps what it queried, to read it again after an update.
local skynet = require "skynet"
local sharedata = require "skynet.sharedata"
local sharetable = require "skynet.sharetable"
local foreign = require "pyskynet.foreign"
local stm = require "skynet.stm"
local sharemap = require "skynet.sharemap"

local held = {}

local function summary(t)
	local keys = {}
	for k in pairs(t) do keys[#keys + 1] = tostring(k) end
	table.sort(keys)
	local list = {}
	for i, v in ipairs(t) do list[i] = v end
	return { keys = table.concat(keys, ","), len = #t, list = list }
end

local CMD = {}

function CMD.sd_hold(name)
	held[name] = sharedata.query(name)
	held[name .. ".sub"] = held[name].sub
	return true
end

function CMD.sd_read(name)
	local t = held[name]
	local sub = held[name .. ".sub"]
	local ok, err = pcall(function() t.x = 1 end)
	local ok2, err2 = pcall(table.insert, t, 1)
	return t.version, sub and sub.value, summary(t), ok, err, ok2, err2, t.sub == sub, rawequal(sharedata.query(name), t)
end

function CMD.st_hold(name)
	held[name] = sharetable.query(name)
	held[name .. ".sub"] = held[name] and held[name].sub
	return held[name] ~= nil
end

function CMD.st_read(name)
	local t = held[name]
	return t.version, held[name .. ".sub"].value
end

function CMD.st_update(name)
	sharetable.update(name)
	return true
end

-- A view sent on (to Java here, or packed for a service) is copied like any table.
function CMD.sd_whole(name)
	local t = sharedata.query(name)
	local copy = skynet.unpack(skynet.pack(t))
	copy.added = true   -- an ordinary table now
	return t, copy.sub.value, copy.added
end

-- What holding the shared data costs this service, against holding a copy (in KB).
function CMD.sd_memory(name)
	local before = collectgarbage("count")
	held[name] = sharedata.query(name)
	local n = #held[name]
	local with_view = collectgarbage("count")
	held[name .. ".copy"] = sharedata.deepcopy(name)
	local with_copy = collectgarbage("count")
	return n, with_view - before, with_copy - with_view
end

for name, f in pairs(CMD) do foreign.dispatch(name, f) end

-- stm and sharemap handles travel in "lua" messages between Lua services.
local LUA = {}
local reader, map

function LUA.stm_hold(copy)
	reader = stm.newcopy(copy)
	return true
end

function LUA.stm_read()
	return { reader(skynet.unpack) }
end

function LUA.stm_read_raw()
	return { reader(function(msg, sz) return msg, sz end) }
end

function LUA.map_hold(copy)
	map = sharemap.reader("Player", copy)
	return map.name, map.level
end

function LUA.map_update()
	local updated = map:update()
	local ok, err = pcall(function() map.level = 0 end)
	return updated, map.name, map.level, ok, err
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		skynet.retpack(LUA[cmd](...))
	end)
end)
