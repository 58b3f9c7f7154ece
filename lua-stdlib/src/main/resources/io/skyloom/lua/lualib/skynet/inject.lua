-- skynet.inject for Skyloom: runs Lua source inside this service, in its own sandbox,
-- with the tables its functions close over in reach: _U.NAME is a table upvalue of
-- one of the functions given (or of a function they close over), _P.PROTO.NAME one of
-- the dispatch function of protocol PROTO (found through an upvalue named proto). The
-- code's print collects into the output. Returns true, output or false, output.
-- Text only: the sandbox loads no binary chunk. A Java function shows no upvalues.
local code = require "skyloom.code"

local function table_upvalues(found, f, seen)
	if seen[f] then return end
	seen[f] = true
	local i = 1
	while true do
		local name, value = code.getupvalue(f, i)
		if name == nil then
			return
		end
		if type(value) == "table" then
			found[name] = value
		elseif type(value) == "function" then
			table_upvalues(found, value, seen)
		end
		i = i + 1
	end
end

return function(skynet, source, filename, args, ...)
	if type(source) ~= "string" then
		error(string.format("bad argument #2 to 'inject' (string expected, got %s)", type(source)), 2)
	end
	local chunkname = filename and ("@" .. filename) or "=(load)"
	local output = {}
	local function print(...)
		local n = select("#", ...)
		local parts = {}
		for i = 1, n do
			parts[i] = tostring((select(i, ...)))
		end
		output[#output + 1] = table.concat(parts, "\t")
	end
	local seen = {}
	local U = {}
	for _, f in ipairs({ ... }) do
		if type(f) == "function" then
			if not code.inspectable(f) then
				return false, { "inject cannot reach the upvalues of a Java function" }
			end
			table_upvalues(U, f, seen)
		end
	end
	local P = {}
	if type(U.proto) == "table" then
		for _, p in pairs(U.proto) do
			if type(p) == "table" and p.name and type(p.dispatch) == "function" and not P[p.name] then
				local pt = {}
				P[p.name] = pt
				table_upvalues(pt, p.dispatch, {})
			end
		end
	end
	local env = setmetatable({ print = print, _U = U, _P = P }, { __index = _ENV })
	-- The code is the body of a function with a local _ENV, loaded in this service's
	-- globals: LuaJ runs a chunk loaded with an environment of its own without its debug
	-- hooks, so without a traceback for its errors (and without kill's per-step check).
	local outer, err = load("local _ENV = ... return function(...) " .. source .. "\nend", chunkname, "t")
	if not outer then
		return false, { err }
	end
	local f = outer(env)
	args = args or {}
	local ok, e = xpcall(f, debug.traceback, table.unpack(args, 1, args.n or #args))
	if not ok then
		output[#output + 1] = tostring(e)
		return false, output
	end
	return true, output
end
