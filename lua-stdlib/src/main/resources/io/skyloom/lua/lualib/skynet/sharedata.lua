-- skynet.sharedata: read-only data shared by every service. Skyloom freezes it into
-- immutable Java data (skyloom.shared) that all services read by reference, each through
-- its own read-only table view: no copy per service, and an update reaches every view at
-- its next read. The names live in the service sharedatad.
local skynet = require "skynet"
local shared = require "skyloom.shared"

local sharedata = {}
local service
local cache = setmetatable({}, { __mode = "v" })   -- name -> this service's box

local function sharedatad()
	service = service or skynet.uniqueservice("sharedatad")
	return service
end

local function check_name(fn, name)
	if type(name) ~= "string" then
		error(string.format("bad argument #1 to '%s' (string expected, got %s)", fn, type(name)), 3)
	end
end

-- new(name, value, ...): value is a table, Lua source text, "@file", or nil.
function sharedata.new(name, v, ...)
	check_name("new", name)
	skynet.call(sharedatad(), "lua", "new", name, v, ...)
end

function sharedata.update(name, v, ...)
	check_name("update", name)
	skynet.call(sharedatad(), "lua", "update", name, v, ...)
end

function sharedata.delete(name)
	check_name("delete", name)
	skynet.call(sharedatad(), "lua", "delete", name)
end

-- A read-only table of the data that follows updates: t.x, #t, pairs, ipairs work;
-- writing raises. Raises when no data has the name.
function sharedata.query(name)
	check_name("query", name)
	local box = cache[name]
	if box and not shared.retired(box) then return box end
	box = shared.view(skynet.call(sharedatad(), "lua", "query", name))
	cache[name] = box
	return box
end

-- skynet's flush frees old versions; the JVM's GC does that here.
function sharedata.flush()
	collectgarbage()
end

-- An ordinary copy of the data, or of the part under the keys given.
function sharedata.deepcopy(name, ...)
	local t = sharedata.query(name)
	for i = 1, select("#", ...) do
		local k = select(i, ...)
		t = t[k]
		if type(t) ~= "table" then
			return t
		end
	end
	return shared.copy(t)
end

return sharedata
