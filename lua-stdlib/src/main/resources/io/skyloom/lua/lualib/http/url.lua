-- http.url: skynet's URL helpers. parse splits a request target into its decoded path
-- and its raw query; parse_query turns a query into a table (a key given twice or more
-- maps to a list of its values, in order).
local url = {}

local function hexchar(h)
	return string.char(tonumber(h, 16))
end

-- "+" is a space and %XX a byte, as in a form; a "%" not followed by two hex digits
-- stays as it is (skynet raises there), so a stray "%" in a path is not an error.
local function decode(s)
	s = string.gsub(s, "+", " ")
	s = string.gsub(s, "%%(%x%x)", hexchar)
	return s
end

url.decode = decode

function url.parse(u)
	local path, query = string.match(u, "^([^?]*)%??(.*)$")
	return decode(path), query
end

function url.parse_query(q)
	local r = {}
	for pair in string.gmatch(q, "[^&]+") do
		local k, v = string.match(pair, "^([^=]*)=?(.*)$")
		k, v = decode(k), decode(v)
		local old = r[k]
		if old == nil then
			r[k] = v
		elseif type(old) == "table" then
			old[#old + 1] = v
		else
			r[k] = { old, v }
		end
	end
	return r
end

return url
