-- A server that reads its one client in every way socket.lua offers, and answers what it
-- read, so the Java client can check each: readline, read(n), block then read(), and
-- readall at the close (told through the "result" command, the socket being closed).
local skynet = require "skynet"
local socket = require "skynet.socket"
local foreign = require "pyskynet.foreign"

local port
local results = {}
local waiting = {}

local function record(name, ...)
	results[name] = table.pack(...)
	local co = waiting[name]
	if co then
		waiting[name] = nil
		skynet.wakeup(co)
	end
end

local function serve(id)
	assert(socket.start(id))
	local line = socket.readline(id)
	socket.write(id, "L:" .. line .. "\n")
	local crlf = socket.readline(id, "\r\n")
	socket.write(id, "C:" .. crlf .. "\n")
	local fixed = socket.read(id, 5)
	socket.write(id, "R:" .. fixed .. "\n")
	local alive = socket.block(id)
	local some = socket.read(id)
	socket.write(id, "B:" .. tostring(alive) .. ":" .. some .. "\n")
	local rest = socket.readall(id)
	record("readall", rest, socket.read(id, 1))
	socket.close(id)
	record("closed", socket.write(id, "after close"), socket.invalid(id))
end

foreign.dispatch("port", function() return port end)
-- waits until the server recorded `name`, then returns what it recorded
foreign.dispatch("result", function(name)
	if not results[name] then
		waiting[name] = coroutine.running()
		skynet.wait(waiting[name])
	end
	return table.unpack(results[name], 1, results[name].n)
end)

skynet.start(function()
	local id
	id, _, port = socket.listen("127.0.0.1", 0)
	socket.start(id, function(fd)
		skynet.fork(serve, fd)
	end)
end)
