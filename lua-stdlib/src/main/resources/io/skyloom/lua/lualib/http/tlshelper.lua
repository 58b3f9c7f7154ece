-- http.tlshelper: skynet's glue between http.sockethelper and ltls.c: the handshake
-- over the socket, and read/write functions that carry plaintext through the session.
local socket = require "http.sockethelper"
local c = require "ltls.c"

local tlshelper = {}

function tlshelper.init_requestfunc(fd, tls_ctx)
	local read, write = socket.readfunc(fd), socket.writefunc(fd)
	return function()
		write(tls_ctx:handshake() or "")
		while not tls_ctx:finished() do
			local out = tls_ctx:handshake(read())
			if out then
				write(out)
			end
		end
	end
end

function tlshelper.init_responsefunc(fd, tls_ctx)
	local read, write = socket.readfunc(fd), socket.writefunc(fd)
	return function()
		while not tls_ctx:finished() do
			local out = tls_ctx:handshake(read())
			if out then
				write(out)
			end
		end
	end
end

function tlshelper.closefunc(tls_ctx)
	return function()
		tls_ctx:close()
	end
end

-- readbytes(sz) over the session: plaintext, exactly sz bytes or some when sz is nil
function tlshelper.readfunc(fd, tls_ctx)
	local read = socket.readfunc(fd)
	local buf = ""
	-- more plaintext: first what the session holds already (records that came with the
	-- handshake's last bytes), then what the socket brings
	local function more()
		local s = tls_ctx:read("")
		if s == "" then
			s = tls_ctx:read(read())
		end
		return s
	end
	local f = function(sz)
		if sz == nil then
			while buf == "" do
				buf = more()
			end
			local s = buf
			buf = ""
			return s
		end
		while #buf < sz do
			buf = buf .. more()
		end
		local s = string.sub(buf, 1, sz)
		buf = string.sub(buf, sz + 1)
		return s
	end
	return socket.tag(f, fd)
end

function tlshelper.writefunc(fd, tls_ctx)
	local write = socket.writefunc(fd)
	return function(s)
		return write(tls_ctx:write(s))
	end
end

function tlshelper.readallfunc(fd, tls_ctx)
	return function()
		return tls_ctx:read(socket.readall(fd) or "")
	end
end

function tlshelper.newctx()
	return c.newctx()
end

function tlshelper.newtls(method, ssl_ctx, hostname)
	return c.newtls(method, ssl_ctx, hostname)
end

return tlshelper
