-- Functions whose first instruction is a loop's head: LuaJC once jumped back to
-- before its reading of the arguments, so they came back nil (see EntryJump).
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"

local function grow(s)
	return #s, s .. "x"
end

-- a while loop at the start, two results returned from inside it
local function until_long(x)
	while true do
		local n, longer = grow(x)
		x = longer
		if n >= 3 then return n, x end
	end
end

-- repeat at the start of a vararg function
local function sum_until(limit, ...)
	local total, i = 0, 0
	repeat
		i = i + 1
		total = total + select(i, ...)
	until total >= limit or i == select("#", ...)
	return total, i
end

-- a goto back to the start
local function countdown(n, acc)
	::again::
	if n > 0 then
		acc = acc .. n
		n = n - 1
		goto again
	end
	return acc, n
end

foreign.dispatch("run", function()
	local a, b = until_long("")
	local c, d = sum_until(6, 1, 2, 3, 4)
	local e, f = countdown(3, "go")
	return a, b, c, d, e, f
end)

skynet.start(function() end)
