-- skynet.sharemap: one writer's table, read by other services, as sproto-encoded
-- messages in a skynet.stm object. writer(typename, t) returns an object to write
-- fields into and commit(); reader(typename, w:copy()) in another service reads the last
-- commit, and its update() takes the newer one (true when there was one).
local stm = require "skynet.stm"
local sprotoloader = require "sprotoloader"

local sharemap = {}

-- The schema of every sharemap, in sprotoloader's slot 0 (skynet uses the same slot).
function sharemap.register(protofile)
	sprotoloader.register(protofile, 0)
end

local sp
local function schema()
	sp = sp or sprotoloader.load(0)
	return sp
end

local function check_type(fn, typename)
	if type(typename) ~= "string" then
		error(string.format("bad argument #1 to '%s' (string expected, got %s)", fn, type(typename)), 3)
	end
	if not schema():exist_type(typename) then
		error(string.format("bad argument #1 to '%s' (no sproto type %s)", fn, typename), 3)
	end
end

function sharemap:commit()
	self.__obj(sp:encode(self.__typename, self.__data))
end

function sharemap:copy()
	return stm.copy(self.__obj)
end

function sharemap.writer(typename, obj)
	check_type("writer", typename)
	obj = obj or {}
	local w = {
		__typename = typename,
		__obj = stm.new(sp:encode(typename, obj)),
		__data = obj,
		commit = sharemap.commit,
		copy = sharemap.copy,
	}
	return setmetatable(w, { __index = obj, __newindex = obj })
end

local function decode_into(msg, sz, self)
	local data = self.__data
	for k in pairs(data) do data[k] = nil end
	return sp:decode(self.__typename, msg, data)
end

function sharemap:update()
	return self.__obj(decode_into, self)
end

local function read_only(t, k)
	error("sharemap reader is read-only (field " .. tostring(k) .. ")", 2)
end

function sharemap.reader(typename, stmcpy)
	check_type("reader", typename)
	local r = stm.newcopy(stmcpy)
	local _, data = r(function(msg) return sp:decode(typename, msg) end)
	local obj = {
		__typename = typename,
		__obj = r,
		__data = data,
		update = sharemap.update,
	}
	return setmetatable(obj, { __index = data, __newindex = read_only })
end

return sharemap
