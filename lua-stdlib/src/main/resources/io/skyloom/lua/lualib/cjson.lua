-- lua-cjson's common surface over the same codec: encode, decode (which raises on
-- invalid JSON, as cjson does), null, and the empty-array marker.
local rapidjson = require "rapidjson"

local cjson = {}
for k, v in pairs(rapidjson) do cjson[k] = v end
cjson._NAME = "cjson"

function cjson.decode(text)
	local v, err = rapidjson.decode(text)
	if err then error(err, 2) end
	return v
end

function cjson.encode(value)
	return rapidjson.encode(value)
end

cjson.empty_array = rapidjson.array()
cjson.array_mt = getmetatable(cjson.empty_array)

return cjson
