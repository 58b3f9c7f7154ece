-- skynet.sharetable: tables loaded once and read by every service without a copy.
-- skynet shares the Lua 5.4 table itself and patches references on update; Skyloom
-- freezes the table into immutable Java data (skyloom.shared) shared by reference, and a
-- query returns a read-only table view of it. A view stays on its version until this
-- service calls sharetable.update, which moves every view of those names (and the
-- sub-tables read from them) to the current version: what skynet's reference patching does.
local skynet = require "skynet"
local shared = require "skyloom.shared"

local sharetable = {}
local service
local roots = {}   -- name -> { view = its root userdata } for the views this service holds

local function sharetabled()
	service = service or skynet.uniqueservice("sharetabled")
	return service
end

local function check(fn, i, v, want)
	if type(v) ~= want then
		error(string.format("bad argument #%d to '%s' (%s expected, got %s)", i, fn, want, type(v)), 3)
	end
end

-- loadfile(filename, ...): runs the file (on the Lua or service path), which returns the table.
function sharetable.loadfile(filename, ...)
	check("loadfile", 1, filename, "string")
	skynet.call(sharetabled(), "lua", "loadfile", filename, ...)
end

-- loadstring(name, source, ...): runs the Lua source, which returns the table.
function sharetable.loadstring(filename, source, ...)
	check("loadstring", 1, filename, "string")
	check("loadstring", 2, source, "string")
	skynet.call(sharetabled(), "lua", "loadstring", filename, source, ...)
end

function sharetable.loadtable(filename, tbl)
	check("loadtable", 1, filename, "string")
	check("loadtable", 2, tbl, "table")
	skynet.call(sharetabled(), "lua", "loadtable", filename, tbl)
end

local function view(name, data)
	local root = shared.root(data)
	local list = roots[name]
	if not list then
		list = setmetatable({}, { __mode = "k" })
		roots[name] = list
	end
	local v = shared.view(root)
	list[v] = root   -- weak: a view dropped is forgotten
	return v
end

-- The table under filename (read-only), or nil when nothing was loaded under it.
function sharetable.query(filename)
	check("query", 1, filename, "string")
	local data = skynet.call(sharetabled(), "lua", "query", filename)
	if data then
		return view(filename, data)
	end
end

-- name -> table for the names given (a list), or for every name loaded.
function sharetable.queryall(filenamelist)
	if filenamelist ~= nil then check("queryall", 1, filenamelist, "table") end
	local out = {}
	for name, data in pairs(skynet.call(sharetabled(), "lua", "queryall", filenamelist)) do
		out[name] = view(name, data)
	end
	return out
end

-- update(name, ...): the views this service holds of those names show their current version.
function sharetable.update(...)
	local names = { ... }
	local all = skynet.call(sharetabled(), "lua", "queryall", names)
	for _, name in ipairs(names) do
		local data = all[name]
		if data and roots[name] then
			for _, root in pairs(roots[name]) do
				shared.set(root, data)
			end
		end
	end
end

return sharetable
