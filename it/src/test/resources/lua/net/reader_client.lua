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

-- a close while another task waits in a read: that read returns false and what came
foreign.dispatch("close_while_reading", function(port)
	local id = assert(socket.open("127.0.0.1", port))
	local me, reading, result = coroutine.running(), false, nil
	skynet.fork(function()
		reading = true
		result = table.pack(socket.read(id, 10))
		skynet.wakeup(me)
	end)
	while not reading do
		skynet.yield()
	end
	socket.close(id)
	if not result then
		skynet.wait(me)
	end
	return result[1], result[2], socket.invalid(id)
end)

-- reads total bytes in small pieces, more slowly than they come (the driver pauses the
-- connection meanwhile), checking each against the peer's pattern (bytes 0..250, again)
foreign.dispatch("slow_reader", function(port, total, piece)
	local id = assert(socket.open("127.0.0.1", port))
	local unit = {}
	for i = 0, 250 do unit[#unit + 1] = string.char(i) end
	local block = string.rep(table.concat(unit), math.ceil(piece / 251) + 2)
	local offset, most = 0, 0
	while offset < total do
		local n = math.min(piece, total - offset)
		local chunk = assert(socket.read(id, n), "closed early")
		local at = offset % 251 + 1
		assert(chunk == block:sub(at, at + n - 1), "wrong bytes at " .. offset)
		offset = offset + n
		for _, s in ipairs(socket.netstat()) do
			if s.id == id then most = math.max(most, s.read - offset) end
		end
		if offset % (64 * piece) == 0 then skynet.yield() end
	end
	local tail = socket.readall(id)
	socket.close(id)
	return offset, #(tail or ""), most   -- readall gives false when nothing is left
end)

-- an open that cannot connect returns nil and why
foreign.dispatch("refused", function(port)
	return socket.open("127.0.0.1", port)
end)

skynet.start(function() end)
