-- Echo clients: each connection sends messages and checks that every byte comes back
-- in order. Runs `workers` tasks at once and answers when they all ended.
local skynet = require "skynet"
local socket = require "skynet.socket"
local foreign = require "pyskynet.foreign"

local function payload(conn, i)
	return string.format("%d:%d:", conn, i) .. string.rep(string.char(65 + (conn + i) % 26), (conn * 7 + i * 13) % 300)
end

-- one connection: `messages` round trips, each a write then a read of exactly its size
local function session(port, conn, messages)
	local id, err = socket.open("127.0.0.1", port)
	assert(id, err)
	for i = 1, messages do
		local p = payload(conn, i)
		assert(socket.write(id, p))
		local got = socket.read(id, #p)
		assert(got == p, string.format("connection %d message %d: sent %q got %q", conn, i, p, tostring(got)))
	end
	socket.close(id)
end

-- a long one: writes everything first (in pieces), then reads it all back
local function stream(port, conn, messages)
	local id, err = socket.open("127.0.0.1", port)
	assert(id, err)
	local sent = {}
	for i = 1, messages do
		sent[i] = payload(conn, i)
		assert(socket.write(id, sent[i]))
		if i % 10 == 0 then skynet.yield() end
	end
	local all = table.concat(sent)
	local got = socket.read(id, #all)
	assert(got == all, string.format("connection %d: %d bytes sent, %s back", conn, #all, got and #got or "nothing"))
	socket.close(id)
	return #all
end

local function run(workers, body)
	local me = coroutine.running()
	local left, failure = workers, nil
	for w = 1, workers do
		skynet.fork(function()
			local ok, err = pcall(body, w)
			if not ok then failure = failure or err end
			left = left - 1
			if left == 0 then skynet.wakeup(me) end
		end)
	end
	skynet.wait(me)
	assert(not failure, failure)
end

-- n short connections, `workers` at a time, each one round trip
foreign.dispatch("short", function(port, n, workers)
	local per = n / workers
	run(workers, function(w)
		for k = 1, per do
			session(port, (w - 1) * per + k, 1)
		end
	end)
	return n
end)

-- n long connections at once, each streaming `messages` messages
foreign.dispatch("long", function(port, n, messages)
	local bytes = 0
	run(n, function(w)
		local n = stream(port, w, messages)   -- stream parks: add after it returns
		bytes = bytes + n
	end)
	return bytes
end)

skynet.start(function() end)
