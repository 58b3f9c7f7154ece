-- lua-rapidjson's API: encode/decode/null/object/array (Java, on Jackson) and
-- load/dump, which go through this service's io.open and so reach only the files
-- the node's fileAccess allows.
local core = require "rapidjson.core"

local rapidjson = {}
for k, v in pairs(core) do rapidjson[k] = v end

function rapidjson.load(filename)
	local f, err = io.open(filename, "rb")
	if not f then error("error while open file: " .. tostring(err), 2) end
	local text = f:read("*a")
	f:close()
	return core.decode(text)
end

function rapidjson.dump(value, filename, option)
	local text = core.encode(value, option)
	local f, err = io.open(filename, "wb")
	if not f then error("error while open file: " .. tostring(err), 2) end
	f:write(text)
	f:close()
	return true
end

return rapidjson
