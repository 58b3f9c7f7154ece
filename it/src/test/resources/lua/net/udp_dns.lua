-- UDP: an echo socket and a client that dials it; DNS: localhost through skynet.dns and
-- socket.resolve, and a name that does not resolve.
local skynet = require "skynet"
local socket = require "skynet.socket"
local dns = require "skynet.dns"
local foreign = require "pyskynet.foreign"

local function local_port(id)
	for _, s in ipairs(socket.netstat()) do
		if s.id == id then
			return tonumber(s.sock:match(":(%d+)$"))
		end
	end
end

foreign.dispatch("udp", function(n)
	local server
	server = socket.udp(function(data, from)
		socket.sendto(server, from, "echo:" .. data)
	end, "127.0.0.1", 0)
	local port = assert(local_port(server), "no udp port in netstat")
	local me = coroutine.running()
	local got, from_host, from_port = {}, nil, nil
	local client = socket.udp_dial("127.0.0.1", port, function(data, from)
		got[#got + 1] = data
		from_host, from_port = socket.udp_address(from)
		if #got == n then skynet.wakeup(me) end
	end)
	for i = 1, n do
		assert(socket.write(client, "ping" .. i))
	end
	skynet.wait(me)
	table.sort(got)
	socket.close(client)
	socket.close(server)
	return table.concat(got, ","), from_host, from_port == port
end)

foreign.dispatch("dns", function()
	local ip, all = dns.resolve("localhost")
	local list = socket.resolve("localhost")
	local none, why = dns.resolve("no-such-host.invalid")
	local literal = dns.resolve("10.1.2.3")
	return ip, #all, table.concat(list, " "), none, why, literal
end)

skynet.start(function() end)
