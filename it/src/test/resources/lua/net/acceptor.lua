-- Accepts one client at a time, reads its first line, and hands the connection to a
-- worker service with socket.abandon; then tries to write to it, which must now fail.
local skynet = require "skynet"
local socket = require "skynet.socket"
local foreign = require "pyskynet.foreign"

local port, worker, direct_port
local after = {}

local function hand_over(id)
	assert(socket.start(id))
	local first = socket.readline(id)
	socket.abandon(id, worker)
	-- still ours until the worker starts it: the ack goes out before the handover
	assert(socket.write(id, "ack:" .. first .. "\n"))
	skynet.call(worker, "lua", "take", id)
	local ok, err = pcall(socket.write, id, "not mine any more")
	local started, why = pcall(socket.start, id)
	after[#after + 1] = { ok, err, socket.invalid(id), started, why }
end

foreign.dispatch("port", function() return port, worker, direct_port end)
foreign.dispatch("after", function(i)
	local a = after[i]
	if a then return a[1], a[2], a[3], a[4], a[5] end
end)

skynet.start(function()
	worker = skynet.newservice("net/worker")
	local id
	id, _, port = socket.listen("127.0.0.1", 0)
	socket.start(id, function(fd)
		skynet.fork(hand_over, fd)
	end)
	-- skynet's simpleweb way: the accept callback passes the new id on, unstarted,
	-- and the service that starts it owns it
	local direct
	direct, _, direct_port = socket.listen("127.0.0.1", 0)
	socket.start(direct, function(fd)
		skynet.send(worker, "lua", "take", fd)
	end)
end)
