-- snax.hotfix for Skyloom: replaces methods of a running snax service with those of a
-- patch (source text of a snax file). A patch function's upvalue that is nil in the
-- patch (a local it declares and never sets) or is the patch's _ENV is joined with the
-- running service's upvalue of that name, so the new code sees the old state; a
-- function upvalue of the patch is patched the same way. A name that means two
-- different upvalues in the service is an error ("ambiguity local value"). Under LuaJC
-- the compiled functions' upvalues are reached too; a Java function has none to reach.
local si = require "snax.interface"
local code = require "skyloom.code"

local getupvalue, upvalueid, upvaluejoin = code.getupvalue, code.upvalueid, code.upvaluejoin

local function env_id(f)
	local i = 1
	while true do
		local name = getupvalue(f, i)
		if name == nil then
			return nil
		elseif name == "_ENV" then
			return upvalueid(f, i)
		end
		i = i + 1
	end
end

-- Every upvalue reachable from f through functions of the same _ENV, by name.
local function collect(f, found, env)
	if not code.inspectable(f) then
		error("hotfix cannot reach the upvalues of a Java function", 0)
	end
	local i = 1
	while true do
		local name, value = getupvalue(f, i)
		if name == nil then
			return
		end
		local id = upvalueid(f, i)
		local known = found[name]
		if known then
			assert(known.id == id, string.format("ambiguity local value %s", name))
		else
			found[name] = { func = f, index = i, id = id }
			if type(value) == "function" and env_id(value) == env then
				collect(value, found, env)
			end
		end
		i = i + 1
	end
end

local function service_upvalues(methods)
	local found = {}
	for _, m in pairs(methods) do
		if m[4] then
			collect(m[4], found, env_id(m[4]))
		end
	end
	return found
end

local patch_env = {}
for k, v in pairs(_ENV) do patch_env[k] = v end

local function join(found, f, seen)
	seen = seen or {}
	if seen[f] then return end
	seen[f] = true
	local i = 1
	while true do
		local name, value = getupvalue(f, i)
		if name == nil then
			return
		end
		if value == nil or value == patch_env then
			local old = found[name]
			if old then
				upvaluejoin(f, i, old.func, old.index)
			end
		elseif type(value) == "function" then
			join(found, value, seen)
		end
		i = i + 1
	end
end

local function find(methods, group, name)
	for _, m in pairs(methods) do
		if m[2] == group and m[3] == name then
			return m
		end
	end
end

local function apply(methods, source, ...)
	local patch = si("patch", patch_env, function()
		return assert(load(source, "=patch", "t", patch_env))
	end)
	local found = service_upvalues(methods)
	for _, m in ipairs(patch) do
		local group, name, f = m[2], m[3], m[4]
		if f then
			local target = assert(find(methods, group, name), string.format("Patch mismatch %s.%s", group, name))
			join(found, f)
			target[4] = f
		end
	end
	local hf = find(patch, "system", "hotfix")
	if hf and hf[4] then
		return hf[4](...)
	end
end

return function(methods, source, ...)
	return pcall(apply, methods, source, ...)
end
