-- A Lua function that returns nothing, called for one value: the value is nil. LuaJC's
-- compiled functions once gave LuaJ's NONE there, which is not equal to nil and prints
-- as "none" (socketchannel's block_connect returned nothing: its channel never connected).
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"

local calls = 0
local function nothing_first()
	calls = calls + 1
	if calls > 1 then return "second" end
end

local function connect_twice()
	local r = nothing_first()
	if r ~= nil then
		return "first was not nil: " .. tostring(r)
	end
	r = nothing_first()
	return r
end

local function nothing() end

foreign.dispatch("run", function()
	local r = nothing()
	return connect_twice(), r == nil, tostring(r), tostring(nothing()),
		select("#", nothing()), select("#", (nothing()))
end)

skynet.start(function() end)
