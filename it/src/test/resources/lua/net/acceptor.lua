-- Accepts one client at a time, reads its first line, and hands the connection to a
-- worker service with socket.abandon; then tries to write to it, which must now fail.
local skynet = require "skynet"
local socket = require "skynet.socket"
local foreign = require "pyskynet.foreign"

local port, worker
local after = {}

local function hand_over(id)
	assert(socket.start(id))
	local first = socket.readline(id)
	socket.abandon(id, worker)
	-- still ours until the worker starts it: the ack goes out before the handover
	assert(socket.write(id, "ack:" .. first .. "\n"))
	skynet.call(worker, "lua", "take", id)
	local ok, err = pcall(socket.write, id, "not mine any more")
	after[#after + 1] = { ok, err, socket.invalid(id) }
end

foreign.dispatch("port", function() return port, worker end)
foreign.dispatch("after", function(i)
	local a = after[i]
	if a then return a[1], a[2], a[3] end
end)

skynet.start(function()
	worker = skynet.newservice("net/worker")
	local id
	id, _, port = socket.listen("127.0.0.1", 0)
	socket.start(id, function(fd)
		skynet.fork(hand_over, fd)
	end)
end)
