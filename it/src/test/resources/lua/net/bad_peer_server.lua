-- Reads 100 bytes from each client and echoes them; records what every read returned,
-- so a peer that resets mid-read shows as (false, what came), and the next client is
-- still served. A second listener bounds what a client may send unread (socket.limit).
local skynet = require "skynet"
local socket = require "skynet.socket"
local foreign = require "pyskynet.foreign"

local port, limited_port
local reads, limited = {}, {}

local function serve(id)
	assert(socket.start(id))
	-- runs once this task parks in the read below: the client then knows it is mid-read
	skynet.fork(socket.write, id, "reading\n")
	local data, rest = socket.read(id, 100)
	reads[#reads + 1] = { data, rest }
	if data then
		socket.write(id, data)
	end
	socket.close(id)
end

local function serve_limited(id)
	assert(socket.start(id))
	socket.limit(id, 1000)
	local line, rest = socket.readline(id)
	limited[#limited + 1] = { line, #rest, socket.disconnected(id) }
	socket.close(id)
end

foreign.dispatch("ports", function() return port, limited_port end)
foreign.dispatch("read", function(i)
	local r = reads[i]
	if r then return true, r[1], r[2] end
	return false
end)
foreign.dispatch("limited", function(i)
	local r = limited[i]
	if r then return true, r[1], r[2], r[3] end
	return false
end)

skynet.start(function()
	local id, lid
	id, _, port = socket.listen("127.0.0.1", 0)
	socket.start(id, function(fd) skynet.fork(serve, fd) end)
	lid, _, limited_port = socket.listen("", 0)
	socket.start(lid, function(fd) skynet.fork(serve_limited, fd) end)
end)
