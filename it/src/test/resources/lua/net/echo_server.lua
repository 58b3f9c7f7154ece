-- An echo server: every accepted connection is read by a task of its own, which
-- writes back what it reads until the peer closes.
local skynet = require "skynet"
local socket = require "skynet.socket"
local foreign = require "pyskynet.foreign"

local served, open = 0, 0

local function echo(id)
	assert(socket.start(id))
	open = open + 1
	while true do
		local data = socket.read(id)
		if not data then
			break
		end
		assert(socket.write(id, data))
	end
	socket.close(id)
	open = open - 1
	served = served + 1
end

local port
foreign.dispatch("port", function() return port end)
foreign.dispatch("stats", function() return served, open end)
-- the debug console's view: every socket with its kind, owner, byte counts and times
foreign.dispatch("netstat", function()
	local out = {}
	for _, s in ipairs(socket.netstat()) do
		local times = type(s.rtime) == "number" and type(s.wtime) == "number" and skynet.now() >= s.rtime
		out[#out + 1] = string.format("%s %s %s %s %s", s.type, skynet.address(s.address), tostring(times),
			tostring(s.read or s.accept), tostring(s.peer or s.sock))
	end
	return table.concat(out, ";")
end)

skynet.start(function()
	local id, addr
	-- A hundred clients connect at once: with skynet's default backlog (32) a loaded
	-- machine let the accept queue overflow, and the kernel reset some of them.
	id, addr, port = socket.listen("127.0.0.1", 0, 256)
	assert(addr == "127.0.0.1", addr)
	socket.start(id, function(fd)
		skynet.fork(echo, fd)
	end)
end)
