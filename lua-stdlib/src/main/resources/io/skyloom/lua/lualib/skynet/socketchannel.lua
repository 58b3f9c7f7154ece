-- skynet.socketchannel for Skyloom: a connection to one server that many tasks of a
-- service share, with request/response transactions, connecting on demand (again after
-- the server dropped it), auth on each new connection, and backup hosts.
--
-- Two modes, as skynet's:
--   order mode (no desc.response): channel:request(req, response) sends req, and the
--     responses are read in the order of the requests: response(sock) returns ok, data
--     (and true as a third value when more parts follow: data is then a list).
--   session mode (desc.response): desc.response(sock) reads one answer and returns
--     session, ok, data (, padding); channel:request(req, session) waits for that session.
-- Inside response functions sock:read(n) and sock:readline(sep) raise socketchannel.error
-- when the connection is gone; request then raises it (or the error text) to the caller.
local skynet = require "skynet"
local socket = require "skynet.socket"
local socketdriver = require "skynet.socketdriver"

local socketchannel = {}
local channel = {}
local channel_meta = { __index = channel }
local sock_methods = {}

local socket_error = setmetatable({}, { __tostring = function() return "[Error: socket]" end })
socketchannel.error = socket_error

function socketchannel.channel(desc)
	local c = {
		__host = assert(desc.host, "socketchannel needs a host"),
		__port = desc.port,
		__backup = desc.backup,
		__auth = desc.auth,
		__response = desc.response,
		__request = {},      -- order mode: response functions, in request order
		__thread = {},       -- order mode: their coroutines; session mode: session -> coroutine
		__result = {},       -- coroutine -> ok (or socket_error)
		__result_data = {},  -- coroutine -> data (or error text)
		__connecting = {},
		__sock = false,
		__closed = false,
		__authcoroutine = false,
		__nodelay = desc.nodelay,
		__overload_notify = desc.overload,
		__overload = false,
		__sock_meta = { __index = {
			read = desc.socket_read or sock_methods.read,
			readline = desc.socket_readline or sock_methods.readline,
		} },
	}
	return setmetatable(c, channel_meta)
end

local function close_sock(self)
	local so = self.__sock
	if so then
		self.__sock = false
		if self.__wait_response then
			skynet.wakeup(self.__wait_response)
			self.__wait_response = nil
		end
		pcall(socket.close, so[1])
	end
end

-- every waiting request fails with socket_error (and errmsg, when there is one)
local function wakeup_all(self, errmsg)
	local function fail(co)
		self.__result[co] = socket_error
		self.__result_data[co] = errmsg
		skynet.wakeup(co)
	end
	if self.__response then
		for session, co in pairs(self.__thread) do
			self.__thread[session] = nil
			fail(co)
		end
	else
		for i = #self.__request, 1, -1 do
			self.__request[i] = nil
		end
		for i = 1, #self.__thread do
			local co = self.__thread[i]
			self.__thread[i] = nil
			if co then   -- false is the dispatch thread's stop signal
				fail(co)
			end
		end
	end
end

local function deliver(self, co, ok, data)
	self.__result[co] = ok
	local parts = self.__result_data[co]
	if ok and parts then
		parts[#parts + 1] = data
	else
		self.__result_data[co] = data
	end
	skynet.wakeup(co)
end

local function error_text(e)
	if e ~= socket_error then
		return e
	end
end

local function dispatch_by_session(self)
	local response = self.__response
	while self.__sock do
		local ok, session, result_ok, result_data, padding = pcall(response, self.__sock)
		if ok and session then
			local co = self.__thread[session]
			if co then
				if padding and result_ok then
					local parts = self.__result_data[co] or {}
					self.__result_data[co] = parts
					parts[#parts + 1] = result_data
				else
					self.__thread[session] = nil
					deliver(self, co, result_ok, result_data)
				end
				if not self.__sock then
					wakeup_all(self, "channel_closed")
					break
				end
			else
				self.__thread[session] = nil
				skynet.error("socket: unknown session :", session)
			end
		else
			close_sock(self)
			wakeup_all(self, error_text(session))
		end
	end
end

-- the next response function and its coroutine; parks while there is none
local function pop_response(self)
	while self.__sock do
		local func, co = table.remove(self.__request, 1), table.remove(self.__thread, 1)
		if func then
			return func, co
		end
		self.__wait_response = coroutine.running()
		skynet.wait(self.__wait_response)
	end
end

local function push_response(self, response, co)
	if self.__response then
		self.__thread[response] = co
	else
		table.insert(self.__request, response)
		table.insert(self.__thread, co)
		if self.__wait_response then
			skynet.wakeup(self.__wait_response)
			self.__wait_response = nil
		end
	end
end

-- one response, with its further parts when it says more follow
local function get_response(func, sock)
	local ok, data, padding = func(sock)
	if not (ok and padding) then
		return ok, data
	end
	local parts = { data }
	repeat
		ok, data, padding = func(sock)
		if not ok then
			return ok, data
		end
		parts[#parts + 1] = data
	until not padding
	return true, parts
end

local function dispatch_by_order(self)
	while self.__sock do
		local func, co = pop_response(self)
		if not co then   -- the stop signal, or the socket went away while waiting
			wakeup_all(self, "channel_closed")
			break
		end
		local sock = self.__sock
		if not sock then
			self.__result[co] = socket_error
			skynet.wakeup(co)
			wakeup_all(self)
			break
		end
		local ok, result_ok, result_data = pcall(get_response, func, sock)
		if ok then
			deliver(self, co, result_ok, result_data)
			if not self.__sock then
				wakeup_all(self, "channel_closed")
				break
			end
		else
			close_sock(self)
			local errmsg = error_text(result_ok)
			self.__result[co] = socket_error
			self.__result_data[co] = errmsg
			skynet.wakeup(co)
			wakeup_all(self, errmsg)
		end
	end
end

local function dispatch_function(self)
	if self.__response then
		return dispatch_by_session
	end
	-- a peer's close wakes the dispatch thread waiting for a request to read for
	local fd = self.__sock[1]
	socket.onclose(fd, function(id)
		local so = self.__sock
		if self.__wait_response and so and so[1] == id then
			skynet.error("socket closed by peer : ", self.__host, self.__port)
			close_sock(self)
		end
	end)
	return dispatch_by_order
end

local function stop_dispatch_thread(self)
	if not self.__response and self.__dispatch_thread then
		push_response(self, true, false)
	end
end

local function watch_overload(self, fd)
	local notify = self.__overload_notify
	if not notify then
		return
	end
	local function trigger(id, size)
		if not (self.__sock and id == self.__sock[1]) then
			return
		end
		if size == 0 then
			if self.__overload then
				self.__overload = false
				notify(false)
			end
		elseif not self.__overload then
			self.__overload = true
			notify(true)
		else
			skynet.error(string.format("WARNING: %d K bytes need to send out (fd = %d)", size, id), self.__host, self.__port)
		end
	end
	socket.warning(fd, trigger)
end

local connect_once

local function backups(self, list, seen)
	for _, addr in ipairs(self.__backup or {}) do
		local host, port
		if type(addr) == "table" then
			host, port = addr.host, addr.port
		else
			host, port = addr, self.__port
		end
		local key = host .. ":" .. tostring(port)
		if not seen[key] then
			seen[key] = true
			list[#list + 1] = { host = host, port = port }
		end
	end
end

local function next_addr(list)
	local addr = table.remove(list, 1)
	if addr then
		skynet.error("socket: connect to backup host", addr.host, addr.port)
	end
	return addr
end

local function open_at(self, addr, list, seen)
	while true do
		local fd, err = socket.open(addr.host, addr.port)
		if fd then
			self.__host, self.__port = addr.host, addr.port
			return fd
		end
		addr = next_addr(list)
		if addr == nil then
			return nil, err
		end
	end
end

-- one connection (and auth) to the host or a backup; true, or false and why
function connect_once(self)
	if self.__closed then
		return false
	end
	local list, seen = {}, {}
	backups(self, list, seen)
	local addr = { host = self.__host, port = self.__port }
	while true do
		local fd, err = open_at(self, addr, list, seen)
		if not fd then
			return false, err
		end
		assert(not self.__sock and not self.__authcoroutine)
		stop_dispatch_thread(self)
		if self.__nodelay then
			socketdriver.nodelay(fd)
		end
		watch_overload(self, fd)
		while self.__dispatch_thread do
			skynet.yield()   -- the old dispatch thread ends first
		end
		self.__sock = setmetatable({ fd }, self.__sock_meta)
		self.__dispatch_thread = skynet.fork(function()
			if self.__sock then
				pcall(dispatch_function(self), self)
			end
			self.__dispatch_thread = nil
		end)
		if not self.__auth then
			return true
		end
		self.__authcoroutine = coroutine.running()
		local ok, message = pcall(self.__auth, self)
		self.__authcoroutine = false
		if ok then
			if not self.__sock then
				return connect_once(self)   -- auth changed the host
			end
			return true
		end
		close_sock(self)
		if message ~= socket_error then
			skynet.error("socket: auth failed", message)
		end
		backups(self, list, seen)   -- auth may have added backups
		addr = next_addr(list)
		if addr == nil then
			return false, "no more backup host"
		end
	end
end

local function try_connect(self, once)
	local t = 0
	while not self.__closed do
		local ok, err = connect_once(self)
		if ok then
			if not once then
				skynet.error("socket: connect to", self.__host, self.__port)
			end
			return
		elseif once then
			return err
		end
		skynet.error("socket: connect", err)
		if t > 1000 then
			skynet.error("socket: try to reconnect", self.__host, self.__port)
			skynet.sleep(t)
			t = 0
		else
			skynet.sleep(t)
		end
		t = t + 100
	end
end

-- true: usable; false: closed (or lost during auth); nil: needs connecting
local function check_connection(self)
	if self.__sock then
		local authco = self.__authcoroutine
		if socket.disconnected(self.__sock[1]) then
			skynet.error("socket: disconnect detected ", self.__host, self.__port)
			close_sock(self)
			if authco and authco == coroutine.running() then
				return false
			end
			return
		end
		if not authco or authco == coroutine.running() then
			return true
		end
	end
	if self.__closed then
		return false
	end
end

local function block_connect(self, once)
	local r = check_connection(self)
	if r ~= nil then
		return r
	end
	local err
	if #self.__connecting > 0 then
		local co = coroutine.running()
		table.insert(self.__connecting, co)
		skynet.wait(co)
	else
		self.__connecting[1] = true
		err = try_connect(self, once)
		for i = 2, #self.__connecting do
			local co = self.__connecting[i]
			self.__connecting[i] = nil
			skynet.wakeup(co)
		end
		self.__connecting[1] = nil
	end
	r = check_connection(self)
	if r == nil then
		skynet.error("Connect failed", err, self.__host, self.__port)
		error(socket_error)
	end
	return r
end

function channel:connect(once)
	self.__closed = false
	return block_connect(self, once)
end

local function wait_for_response(self, response)
	local co = coroutine.running()
	push_response(self, response, co)
	skynet.wait(co)
	local result, data = self.__result[co], self.__result_data[co]
	self.__result[co], self.__result_data[co] = nil, nil
	if result == socket_error then
		error(data or socket_error)
	end
	assert(result, data)
	return data
end

local function sock_err(self)
	close_sock(self)
	wakeup_all(self)
	error(socket_error)
end

-- Sends request (and the parts of padding); with a response (a function in order mode,
-- a session in session mode) waits for it and returns its data.
function channel:request(request, response, padding)
	assert(block_connect(self, true))
	local fd = self.__sock[1]
	if padding then
		if not socket.lwrite(fd, request) then
			sock_err(self)
		end
		for _, v in ipairs(padding) do
			if not socket.lwrite(fd, v) then
				sock_err(self)
			end
		end
	elseif not socket.write(fd, request) then
		sock_err(self)
	end
	if response == nil then
		return
	end
	return wait_for_response(self, response)
end

-- Waits for a response nobody asked for (a subscription's next message).
function channel:response(response)
	assert(block_connect(self))
	return wait_for_response(self, response)
end

function channel:close()
	if not self.__closed then
		stop_dispatch_thread(self)
		self.__closed = true
		close_sock(self)
	end
end

function channel:changehost(host, port)
	self.__host = host
	if port then
		self.__port = port
	end
	if not self.__closed then
		close_sock(self)
	end
end

function channel:changebackup(backup)
	self.__backup = backup
end

local function raising(f)
	return function(self, ...)
		local result = f(self[1], ...)
		if not result then
			error(socket_error)
		end
		return result
	end
end

sock_methods.read = raising(socket.read)
sock_methods.readline = raising(socket.readline)

return socketchannel
