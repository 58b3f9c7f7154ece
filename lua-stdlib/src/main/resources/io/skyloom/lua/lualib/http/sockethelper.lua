-- http.sockethelper: skynet.socket as the read and write functions http.* takes. A
-- failed read or write raises socket_error (compare with ==; tostring gives what
-- failed). Beside skynet's API: deadline(readfunc or fd, ti, what) shuts a socket
-- that is still busy after ti centiseconds, so a peer that trickles bytes cannot hold
-- its reader forever; the read then fails with "<what> timed out after N s".
local socket = require "skynet.socket"
local skynet = require "skynet"

local tostring = tostring
local error = error
local format = string.format

local sockethelper = {}

local socket_error = setmetatable({}, {
	__tostring = function(self)
		return self.err_info or "[Socket Error]"
	end,
	__call = function(self, info)
		self.err_info = "[Socket Error] : " .. tostring(info)
		return self
	end,
})
sockethelper.socket_error = socket_error

local fd_of = setmetatable({}, { __mode = "k" })   -- readfunc -> its socket
local armed = {}     -- socket -> the token of its running deadline
local expired = {}   -- socket -> why a deadline shut it

local function failed(fd, what)
	local why = expired[fd]
	if why then
		expired[fd] = nil
		return socket_error(why)
	end
	return socket_error(format("%s failed fd = %s", what, tostring(fd)))
end

local function reader(fd)
	return function(sz)
		local s = socket.read(fd, sz)
		if s then
			return s
		end
		error(failed(fd, "read"))
	end
end

-- read, with the bytes pre (read ahead by someone else) given out first.
function sockethelper.with_prefix(read, pre)
	if pre == nil or pre == "" then
		return read
	end
	return function(sz)
		if not pre then
			return read(sz)
		end
		local p = pre
		if sz == nil or sz == #p then
			pre = nil
			return p
		elseif sz < #p then
			pre = string.sub(p, sz + 1)
			return string.sub(p, 1, sz)
		end
		pre = nil
		return p .. read(sz - #p)
	end
end

-- A readbytes(sz) on fd; `pre`, bytes already read from it, comes first.
function sockethelper.readfunc(fd, pre)
	local f = sockethelper.with_prefix(reader(fd), pre)
	fd_of[f] = fd
	return f
end

-- Marks f as a read function of fd, so deadline (and httpd's timeout) can find the socket
-- (http.tlshelper's read functions).
function sockethelper.tag(f, fd)
	fd_of[f] = fd
	return f
end

sockethelper.readall = socket.readall

function sockethelper.writefunc(fd)
	return function(content)
		if not socket.write(fd, content) then
			error(failed(fd, "write"))
		end
	end
end

-- Connects to host:port; with timeout (centiseconds) gives up after it.
function sockethelper.connect(host, port, timeout)
	local fd, err
	local timedout = false
	if timeout then
		local co = coroutine.running()
		local late = false
		skynet.fork(function()
			fd, err = socket.open(host, port)
			if late then
				-- connect already gave up: nobody will use this socket
				if fd then
					socket.close(fd)
				end
			else
				skynet.wakeup(co)
			end
		end)
		skynet.sleep(timeout)
		if fd == nil and err == nil then
			late = true
			timedout = true
		end
	else
		fd, err = socket.open(host, port)
	end
	if fd then
		return fd
	end
	error(socket_error(format("connect failed host = %s port = %s timeout = %s err = %s is_time_out = %s",
		tostring(host), tostring(port), tostring(timeout), tostring(err), tostring(timedout))))
end

-- Shuts fd after ti centiseconds unless the returned function is called first.
-- `target` is the socket or a readfunc of this module.
-- Whether f is a read function of this module (deadline can bound it).
function sockethelper.owns(f)
	return fd_of[f] ~= nil
end

function sockethelper.deadline(target, ti, what)
	local fd = target
	if type(target) == "function" then
		fd = fd_of[target]
		if fd == nil then
			error("deadline: the read function is not one of http.sockethelper's", 2)
		end
	end
	if type(ti) ~= "number" or ti ~= ti or ti < 0 then
		error("deadline: the timeout must be a number of centiseconds, not " .. tostring(ti), 2)
	end
	what = what or "read"
	local token = {}
	armed[fd] = token
	skynet.timeout(ti, function()
		if armed[fd] == token then
			armed[fd] = nil
			expired[fd] = format("%s timed out after %s s fd = %s", what, ti / 100, tostring(fd))
			socket.shutdown(fd)
		end
	end)
	return function()
		if armed[fd] == token then
			armed[fd] = nil
		end
	end
end

function sockethelper.close(fd)
	armed[fd] = nil
	expired[fd] = nil
	socket.close(fd)
end

function sockethelper.shutdown(fd)
	socket.shutdown(fd)
end

return sockethelper
