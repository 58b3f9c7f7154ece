-- What LuajProbe runs on LuaJ as shipped and as ModernJar rewrote it: the two must agree.
local out = {}
local function add(x) out[#out + 1] = tostring(x) end

local function counter() local n = 0 return function() n = n + 1 return n end end
local c = counter(); c(); add(c())

local co = coroutine.wrap(function(a) local b = coroutine.yield(a * 2) return a + b end)
add(co(5)); add(co(7))

add(string.format("%5.1f|%d|%s|%q", 3.14159, 42, "x", "a\nb"))
add((("hello world"):gsub("o", "0")))
add(table.concat({string.byte("AZ", 1, 2)}, ","))
for k, v in string.gmatch("a=1, b=2", "(%w+)=(%w+)") do add(k .. v) end

local t = {5, 3, 9, 1}
table.sort(t, function(a, b) return a > b end)
add(table.concat(t, " "))
local mt = setmetatable({}, {__index = function(_, k) return k .. "!" end, __add = function() return "added" end})
add(mt.key); add(mt + 1)

local ok, err = pcall(error, {code = 7}); add(ok); add(err.code)
local ok2, err2 = pcall(function() local x = nil; return x.y end); add(ok2); add(err2 ~= nil)

add(math.floor(-3.5)); add(7 % 3); add(2 ^ 10); add(math.huge); add(0/0 ~= 0/0)

local i = 0
::top::
i = i + 1
if i < 3 then goto top end
add(i)

local function va(...) return select("#", ...) end
add(va(1, nil, 3))
add(load("return 1 + ...")(41))
return table.concat(out, ";")
