-- skynet.socket for Skyloom: skynet's socket API over the node's socket driver
-- (io.skyloom.lua.net). Each connection's bytes arrive as PTYPE_SOCKET messages, in
-- order, and wait in a per-connection buffer; a read that cannot be served parks only
-- the reading task (skynet.wait), until a message brings enough, or the close.
local driver = require "skynet.socketdriver"
local skynet = require "skynet"

-- What one connection may hold unread before it is closed with an error (skynet has
-- no default bound; socket.limit(id, n) sets another). Past PAUSE_AT with nobody
-- waiting for that much, the driver stops reading it until someone reads.
local DEFAULT_LIMIT = 16 * 1024 * 1024
local PAUSE_AT = 128 * 1024

local socket = {}
local socket_pool = {}
local socket_onclose = {}
local socket_message = {}
local resolving = {}
local next_token = 0

local function wakeup(s)
	local co = s.co
	if co then
		s.co = nil
		skynet.wakeup(co)
	end
end

local function pause_socket(s)
	if s.pause == nil then
		driver.pause(s.id)
		s.pause = true
	end
end

local function suspend(s)
	assert(not s.co, "socket is being read by another coroutine")
	s.co = coroutine.running()
	if s.pause then
		s.pause = nil
		driver.start(s.id)
	end
	skynet.wait(s.co)
	-- close() waits for the last read of the buffer before it clears it
	if s.closing then
		skynet.wakeup(s.closing)
	end
end

-- past its limit a connection is closed at once; its reader gets false and what came
local function overflowed(s, sz)
	local limit = s.buffer_limit or DEFAULT_LIMIT
	if sz <= limit then
		return false
	end
	skynet.error(string.format("socket buffer overflow: fd=%d size=%d (limit %d)", s.id, sz, limit))
	s.overflow = true
	driver.shutdown(s.id)
	return true
end

-- the driver's numbers, as skynet_socket.h's
socket_message[1] = function(id, size, data)     -- data
	local s = socket_pool[id]
	if s == nil or s.buffer == nil or s.overflow then
		if s == nil then skynet.error("socket: drop package from " .. id) end
		return
	end
	local sz = driver.push(s.buffer, data)
	local rr = s.read_required
	local rrt = type(rr)
	-- the limit bounds what nobody asked for: a read of n bytes may gather n, as skynet's
	if not (rrt == "number" and rr >= sz) and overflowed(s, sz) then
		return
	end
	if rrt == "number" then
		if sz >= rr then
			s.read_required = nil
			wakeup(s)
		end
	elseif rrt == "string" then
		if driver.readline(s.buffer, rr, true) then
			s.read_required = nil
			wakeup(s)
		end
		-- a line longer than the pause mark: read on, the limit bounds it
	elseif rr ~= true and sz > PAUSE_AT then
		-- nobody waits for this much (readall waits for the close: it reads on)
		pause_socket(s)
	end
end

socket_message[2] = function(id, ud, addr)      -- connect (or listen's bound address)
	local s = socket_pool[id]
	if s == nil then
		return
	end
	if not s.connected then
		if s.listen then
			s.addr = addr
			s.port = ud
		end
		s.connected = true
		s.opened = true   -- even if an error follows before connect() resumes
		wakeup(s)
	end
end

socket_message[3] = function(id)                -- close
	local s = socket_pool[id]
	if s then
		s.connected = false
		wakeup(s)
	end
	local cb = socket_onclose[id]
	if cb then
		socket_onclose[id] = nil
		cb(id)
	end
end

socket_message[4] = function(id, newid, addr)   -- accept
	local s = socket_pool[id]
	if s == nil or not s.callback then
		driver.close(newid)
		return
	end
	s.callback(newid, addr)
end

socket_message[5] = function(id, _, err)        -- error: the socket is closed already
	local s = socket_pool[id]
	if s == nil then
		skynet.error("socket: error on unknown", id, err)
		return
	end
	if s.listen and s.connected then
		skynet.error("socket: accept error:", err)
	elseif s.connected then
		skynet.error("socket: error on", id, err)
	elseif s.connecting then
		s.connecting = err
	end
	s.connected = false
	s.error = err
	wakeup(s)
	local cb = socket_onclose[id]
	if cb then
		socket_onclose[id] = nil
		cb(id)
	end
end

socket_message[6] = function(id, size, data, from)   -- udp
	local s = socket_pool[id]
	if s == nil or s.callback == nil then
		skynet.error("socket: drop udp package from " .. id)
		return
	end
	s.callback(data, from)
end

socket_message[7] = function(id, size)          -- warning: size K bytes wait to be sent
	local s = socket_pool[id]
	if s then
		local warning = s.on_warning
		if warning then
			warning(id, size)
		elseif size > 0 then
			skynet.error(string.format("WARNING: %d K bytes need to send out (fd = %d)", size, id))
		end
	end
end

socket_message[8] = function(token, ok, text)   -- Skyloom's: a lookup ended
	local r = resolving[token]
	if r then
		r.ok, r.text = ok == 1, text
		skynet.wakeup(r.co)
	end
end

skynet.register_protocol {
	name = "socket",
	id = skynet.PTYPE_SOCKET,
	unpack = driver.unpack,
	dispatch = function(_, _, t, ...)
		socket_message[t](...)
	end,
}

local function connect(id, func)
	local newbuffer
	if func == nil then
		newbuffer = driver.buffer()
	end
	local s = {
		id = id,
		buffer = newbuffer,
		connected = false,
		connecting = true,
		read_required = false,
		co = false,
		callback = func,
		protocol = "TCP",
	}
	assert(not socket_onclose[id], "socket has onclose callback")
	local s2 = socket_pool[id]
	if s2 and not s2.listen then
		error("socket is not closed")
	end
	socket_pool[id] = s
	suspend(s)
	local err = s.connecting
	s.connecting = nil
	if s.connected or s.opened then
		return id
	end
	socket_pool[id] = nil
	return nil, err
end

-- Connects to host:port (or one "host:port"); parks until connected. nil, err on failure.
function socket.open(addr, port)
	local id = driver.connect(addr, port)
	return connect(id)
end

-- A service has no OS file descriptors to bind (nor a console: see README).
function socket.bind(os_fd)
	error("socket.bind: Skyloom's services cannot bind an OS file descriptor (" .. tostring(os_fd) .. ")", 2)
end

function socket.stdin()
	error("socket.stdin: Skyloom's services have no console to read", 2)
end

-- Starts delivering a socket's messages to this service: an accepted connection (its
-- bytes), or a listening one, whose accept_cb(newid, addr) gets each new connection.
function socket.start(id, func)
	driver.start(id)
	return connect(id, func)
end

function socket.pause(id)
	local s = socket_pool[id]
	if s then
		pause_socket(s)
	end
end

function socket.shutdown(id)
	if socket_pool[id] then
		driver.shutdown(id)
	end
end

function socket.close_fd(id)
	assert(socket_pool[id] == nil, "Use socket.close instead")
	driver.close(id)
end

-- Closes after what was written is sent; a coroutine reading it gets what is left.
function socket.close(id)
	local s = socket_pool[id]
	if s == nil then
		driver.close(id)   -- not started here (an accepted one refused at once): closed all the same, as skynet's
		return
	end
	driver.close(id)
	if s.connected then
		s.pause = false
		if s.co then
			assert(not s.closing)
			s.closing = coroutine.running()
			skynet.wait(s.closing)
		else
			suspend(s)
		end
		s.connected = false
	end
	if s.buffer then
		driver.clear(s.buffer)
	end
	socket_pool[id] = nil
end

local function check(id)
	local s = socket_pool[id]
	if s == nil then
		error(string.format("socket %s is not started in this service (socket.start or socket.open first)", tostring(id)), 3)
	end
	if not s.buffer then
		error(string.format("socket %d is a listening or udp socket: it cannot be read", id), 3)
	end
	return s
end

-- read(id, sz): sz bytes, or false and what came before the close.
-- read(id): what is there (parking until something is), or false, "" once closed.
function socket.read(id, sz)
	local s = check(id)
	if sz == nil then
		local ret = driver.readall(s.buffer)
		if ret ~= "" then
			return ret
		end
		if not s.connected then
			return false, ret
		end
		assert(not s.read_required)
		s.read_required = 0
		suspend(s)
		ret = driver.readall(s.buffer)
		if ret ~= "" then
			return ret
		end
		return false, ret
	end
	local ret = driver.pop(s.buffer, sz)
	if ret then
		return ret
	end
	if s.closing or not s.connected then
		return false, driver.readall(s.buffer)
	end
	assert(not s.read_required)
	s.read_required = sz
	suspend(s)
	ret = driver.pop(s.buffer, sz)
	if ret then
		return ret
	end
	return false, driver.readall(s.buffer)
end

-- Everything until the peer closes.
function socket.readall(id)
	local s = check(id)
	if not s.connected then
		local r = driver.readall(s.buffer)
		return r ~= "" and r
	end
	assert(not s.read_required)
	s.read_required = true
	suspend(s)
	assert(s.connected == false)
	return driver.readall(s.buffer)
end

-- The next line without its separator (default "\n"), or false and the rest at close.
function socket.readline(id, sep)
	sep = sep or "\n"
	local s = check(id)
	local ret = driver.readline(s.buffer, sep)
	if ret then
		return ret
	end
	if not s.connected then
		return false, driver.readall(s.buffer)
	end
	assert(not s.read_required)
	s.read_required = sep
	suspend(s)
	if s.connected then
		return driver.readline(s.buffer, sep)
	end
	ret = driver.readline(s.buffer, sep)
	if ret then
		return ret
	end
	return false, driver.readall(s.buffer)
end

-- Parks until something arrives or the close; true while connected.
function socket.block(id)
	local s = socket_pool[id]
	if not s or not s.connected then
		return false
	end
	assert(not s.read_required)
	s.read_required = 0
	suspend(s)
	return s.connected
end

-- Queues data (a string or a table of strings); never blocks. false when the socket is closed.
socket.write = driver.send
socket.lwrite = driver.lsend
socket.header = driver.header

function socket.invalid(id)
	return socket_pool[id] == nil
end

function socket.disconnected(id)
	local s = socket_pool[id]
	if s then
		return not (s.connected or s.connecting)
	end
end

-- Listens on host:port (loopback when host is nil or ""; "0.0.0.0" only when asked);
-- port 0 takes a free one. Returns id, address, port; socket.start(id, accept_cb) accepts.
function socket.listen(host, port, backlog)
	local id = driver.listen(host, port, backlog)
	local s = {
		id = id,
		connected = false,
		listen = true,
	}
	assert(socket_pool[id] == nil)
	socket_pool[id] = s
	suspend(s)
	return id, s.addr, s.port
end

-- Gives the socket up, so that another service can socket.start it (only `service`,
-- when given: Skyloom's addition, as a service may use only sockets it owns).
function socket.abandon(id, service)
	local s = socket_pool[id]
	driver.abandon(id, service)
	if s then
		s.connected = false
		wakeup(s)
		socket_onclose[id] = nil
		socket_pool[id] = nil
	end
end

-- Bytes the connection may hold unread; past it, it is closed with an error.
function socket.limit(id, limit)
	local s = assert(socket_pool[id], "socket is not started")
	s.buffer_limit = limit
	if s.buffer and not s.overflow then
		overflowed(s, driver.bufsize(s.buffer))
	end
end

---------------------- UDP

local function create_udp_object(id, cb)
	assert(not socket_pool[id], "socket is not closed")
	socket_pool[id] = {
		id = id,
		connected = true,
		protocol = "UDP",
		callback = cb,
	}
end

-- A udp socket (loopback and a free port by default); callback(data, from) gets each datagram.
function socket.udp(callback, host, port)
	local id = driver.udp(host, port)
	create_udp_object(id, callback)
	return id
end

function socket.udp_connect(id, addr, port, callback)
	local obj = socket_pool[id]
	if obj then
		assert(obj.protocol == "UDP")
		if callback then
			obj.callback = callback
		end
	else
		create_udp_object(id, callback)
	end
	driver.udp_connect(id, addr, port)
end

function socket.udp_listen(addr, port, callback)
	local id = driver.udp_listen(addr, port)
	create_udp_object(id, callback)
	return id
end

function socket.udp_dial(addr, port, callback)
	local id = driver.udp_dial(addr, port)
	create_udp_object(id, callback)
	return id
end

socket.sendto = driver.udp_send
socket.udp_address = driver.udp_address
socket.netstat = driver.info

-- The addresses of host (a list of strings); looked up on a thread of the driver while
-- only this task waits. Raises when host has none.
function socket.resolve(host)
	assert(type(host) == "string", "bad argument #1 to 'resolve' (string expected)")
	next_token = next_token % 0x7fffffff + 1
	local token = next_token
	local r = { co = coroutine.running() }
	resolving[token] = r
	driver.resolve(host, token)
	skynet.wait(r.co)
	resolving[token] = nil
	if not r.ok then
		error(r.text, 2)
	end
	local list = {}
	for a in string.gmatch(r.text, "[^\n]+") do
		list[#list + 1] = a
	end
	return list
end

function socket.warning(id, callback)
	local obj = assert(socket_pool[id], "socket is not started")
	obj.on_warning = callback
end

function socket.onclose(id, callback)
	socket_onclose[id] = callback
end

return socket
