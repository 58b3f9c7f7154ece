-- skynet.injectcode for Skyloom: runs source as if it were written inside a running
-- function, seeing (and changing) that function's locals and upvalues, as skynet's
-- debugger does. injectcode(source, co, level, ext_funcs): co is a coroutine of this
-- service (default: the running one); level 0 is the function calling injectcode when
-- co runs, the function that yielded when co is suspended, and each level above adds
-- one; ext_funcs' fields are visible by name too. Returns pcall's results of the code.
-- The frames are LuaJ's debug library's: they are kept only with luaDebug on, and not
-- for functions LuaJC compiled. Locals the code sets to nil keep their old value, as in
-- skynet; the function's varargs are not passed on.
local code = require "skyloom.code"

local TEMPLATE = [[
local %s
return function(...)
%s
end, function()
return { %s }
end
]]

-- The frame's level as the debug library counts it, seen from a helper that injectcode
-- itself calls: 1 the helper, 2 injectcode, 3 injectcode's caller.
local function frame_level(co, level)
	if co == coroutine.running() then
		return level + 3
	end
	return level + 1
end

-- LuaJC compiled this file too, then: compiled functions keep no frames to read.
local compiled = not code.interpreted(frame_level)

local function collect(co, level, ext_funcs)
	local at = frame_level(co, level)
	local info = code.getinfo(co, at, "f")
	local f = info and info.func
	if not f then
		return nil, "Invalid level"
	elseif not code.interpreted(f) then
		return nil, "injectcode cannot reach the frame of a Java or compiled function (with luajc, turn it off)"
	end
	local names, locals, local_slot, upvalue_slot = {}, {}, {}, {}
	for name in pairs(ext_funcs or {}) do
		names[#names + 1] = name
	end
	local i = 1
	while true do
		local name, value = code.getlocal(co, at, i)
		if name == nil then break end
		if string.byte(name) ~= 40 then   -- not an internal "(for index)"-like slot
			names[#names + 1] = name
			locals[#locals + 1] = string.format("[%d]=%s,", i, name)
			local_slot[name] = { value = value }
		end
		i = i + 1
	end
	i = 1
	while true do
		local name = code.getupvalue(f, i)
		if name == nil then break end
		names[#names + 1] = name
		upvalue_slot[name] = i
		i = i + 1
	end
	return f, names, table.concat(locals), local_slot, upvalue_slot
end

local function build(source, f, names, locals, local_slot, upvalue_slot, ext_funcs)
	if #names == 0 then names = { "_" } end
	local loader, err = load(string.format(TEMPLATE, table.concat(names, ","), source, locals), "=(debug)", "t")
	if not loader then
		return nil, err
	end
	local func, update = loader()
	local i = 1
	while true do
		local name = code.getupvalue(func, i)
		if name == nil then break end
		if ext_funcs and ext_funcs[name] ~= nil then
			code.setupvalue(func, i, ext_funcs[name])
		end
		if local_slot[name] then
			code.setupvalue(func, i, local_slot[name].value)
		end
		if upvalue_slot[name] then
			code.upvaluejoin(func, i, f, upvalue_slot[name])
		end
		i = i + 1
	end
	return func, update
end

local function write_back(co, level, update)
	local at = frame_level(co, level)
	for slot, value in pairs(update()) do
		code.setlocal(co, at, slot, value)
	end
end

return function(source, co, level, ext_funcs)
	if type(source) ~= "string" then
		error(string.format("bad argument #1 to 'injectcode' (string expected, got %s)", type(source)), 2)
	end
	if compiled then
		return false, "injectcode cannot reach the frame of a Java or compiled function (with luajc, turn it off)"
	end
	co = co or coroutine.running()
	level = level or 0
	local f, names, locals, local_slot, upvalue_slot = collect(co, level, ext_funcs)
	if not f then
		return false, names
	end
	local func, update = build(source, f, names, locals, local_slot, upvalue_slot, ext_funcs)
	if not func then
		return false, update
	end
	local rets = table.pack(pcall(func))
	if rets[1] then
		write_back(co, level, update)
	end
	return table.unpack(rets, 1, rets.n)
end
