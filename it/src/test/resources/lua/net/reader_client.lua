-- A Lua client of a Java server: reads lines, a fixed size, and the rest at the close.
local skynet = require "skynet"
local socket = require "skynet.socket"
local foreign = require "pyskynet.foreign"

foreign.dispatch("run", function(port)
	local id = assert(socket.open("127.0.0.1", port))
	assert(socket.write(id, "hello server\n"))
	local line1 = socket.readline(id)
	local line2 = socket.readline(id, "\r\n")
	local fixed = socket.read(id, 10)
	local rest = socket.readall(id)
	local after_ok, after_rest = socket.read(id, 5)
	socket.close(id)
	local wrote = socket.write(id, "nobody reads this")
	return line1, line2, fixed, rest, after_ok, after_rest, wrote
end)

-- an open that cannot connect returns nil and why
foreign.dispatch("refused", function(port)
	return socket.open("127.0.0.1", port)
end)

skynet.start(function() end)
