-- Misuses of the socket API: each is a Lua error naming what is wrong, or skynet's
-- false/nil where skynet returns one, and the service goes on.
local skynet = require "skynet"
local socket = require "skynet.socket"
local socketdriver = require "skynet.socketdriver"
local netpack = require "skynet.netpack"
local foreign = require "pyskynet.foreign"

local function err(f, ...)
	local ok, e = pcall(f, ...)
	assert(not ok, "expected an error")
	return e
end

foreign.dispatch("run", function()
	local out = {}
	out[#out + 1] = err(socket.listen, "127.0.0.1", 70000)
	out[#out + 1] = err(socket.open, nil, 80)
	out[#out + 1] = err(socket.read, 12345)
	out[#out + 1] = err(socket.write, 12345, { "a", {} })
	out[#out + 1] = tostring(socket.write(12345, "to nobody"))
	out[#out + 1] = err(socket.listen, "not an address at all", 0)
	out[#out + 1] = err(netpack.pack, string.rep("x", 70000))
	out[#out + 1] = err(socketdriver.unpack, "not a message")
	out[#out + 1] = err(netpack.pack, { "a", true })
	local udp = socket.udp(function() end)
	out[#out + 1] = err(socket.write, udp, "no peer")
	out[#out + 1] = err(socket.sendto, udp, "nowhere", "x")
	socket.close(udp)
	return table.unpack(out)
end)

skynet.start(function() end)
