-- skynet.dns for Skyloom: dns.resolve(name, ipv6) returns the first address and the list
-- of all, looked up by the JDK (hosts file and system resolver) on a thread of the
-- socket driver, while only the asking task waits. skynet's own UDP resolver is not
-- needed: dns.server(host, port) is accepted and ignored (the system's servers are used),
-- dns.flush() drops this service's cache.
local socket = require "skynet.socket"

local dns = {}
local cache = {}

function dns.server(server, port)
	return server, port
end

function dns.flush()
	cache = {}
end

local function name_type(name)
	if name:match("^[%d%.]+$") then
		return "ipv4"
	elseif name:find(":", 1, true) then
		return "ipv6"
	end
	return "hostname"
end

local function valid(name)
	if #name == 0 or #name > 253 or name:sub(1, 1) == "." then
		return false
	end
	for label in name:gmatch("[^%.]+") do
		if #label > 63 or not label:match("^[%w%-_]+$") then
			return false
		end
	end
	return true
end

function dns.resolve(name, ipv6)
	assert(type(name) == "string", "bad argument #1 to 'resolve' (string expected)")
	name = name:lower()
	local ntype = name_type(name)
	if ntype ~= "hostname" then
		if (ipv6 and ntype == "ipv4") or (not ipv6 and ntype == "ipv6") then
			return nil, "illegal ip address"
		end
		return name
	end
	if not valid(name) then
		return nil, "illegal name"
	end
	local key = (ipv6 and "6:" or "4:") .. name
	local hit = cache[key]
	if hit then
		return hit[1], hit
	end
	local ok, all = pcall(socket.resolve, name)
	if not ok then
		return nil, all
	end
	local list = {}
	for _, a in ipairs(all) do
		if (name_type(a) == "ipv6") == (ipv6 and true or false) then
			list[#list + 1] = a
		end
	end
	if #list == 0 then
		return nil, "no " .. (ipv6 and "ipv6" or "ipv4") .. " address for " .. name
	end
	cache[key] = list
	return list[1], list
end

return dns
