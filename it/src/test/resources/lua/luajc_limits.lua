-- What compiled Lua must do as the interpreter does: library errors caught by a pcall
-- that called the library directly carry no position, a stack overflow reaches xpcall's
-- handler, string.dump dumps a compiled function, and collectgarbage("count") counts
-- what upvalues of compiled functions hold.
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"

local function deep(n) return 1 + deep(n + 1) end
local function raise2() error("from the caller's place", 2) end

local big
foreign.dispatch("errors", function()
	local _, direct = pcall(string.rep)
	local _, level2 = pcall(raise2)
	local _, inner = pcall(function() string.rep() end)
	local _, handled = xpcall(deep, function(m) return "handled: " .. m end, 1)
	local dumped = string.dump(function() return "x" end)
	return direct, level2, inner, handled, dumped:sub(1, 4) == "\27Lua"
end)
foreign.dispatch("count", function() return collectgarbage("count") end)
local function named() local t = debug.traceback("here") return t end
foreign.dispatch("traceback", function()
	return named(), (function() local t = debug.traceback("there") return t end)()
end)
foreign.dispatch("fill", function() big = {} for i = 1, 100000 do big[i] = i end end)

skynet.start(function() end)
