-- http.websocket: skynet's websocket API over skynet.socket (RFC 6455, version 13).
--
-- Server: websocket.accept(id, handle, protocol, addr, options) runs the handshake and
-- then calls handle.connect(id), handshake(id, header, url), message(id, data, "text"
-- or "binary"), ping(id), pong(id), close(id, code, reason), error(id, err) until the
-- connection ends; it returns true, or false and the error. options.upgrade =
-- {header=, method=, url=} takes a request httpd already read (the socket is then
-- already started). A frame or message over websocket.MAX_FRAME_SIZE (256 KiB, as
-- skynet) or a protocol error closes the connection with status 1009 or 1002 and logs
-- it with the peer's address. options.timeout, or websocket.timeout (centiseconds; nil,
-- the default, for none, as in skynet), bounds the handshake (TLS and HTTP): past it the
-- socket is shut and handle.error gets "websocket handshake timed out".
-- Client: websocket.connect(url, header, timeout) returns an id for read, write, ping,
-- close. A client masks every frame it sends. wss:// runs over the JDK's TLS
-- (http.tlshelper): a server's certificate and key come from the env keys certfile and
-- keyfile (PEM; ./server-cert.pem and ./server-key.pem by default), as in skynet.
local skynet = require "skynet"
local socket = require "skynet.socket"
local crypt = require "skynet.crypt"
local internal = require "http.internal"
local httpd = require "http.httpd"
local sockethelper = require "http.sockethelper"
local frame = require "http.wsframe"

local socket_error = sockethelper.socket_error
local format, lower, find = string.format, string.lower, string.find
local error, pcall, xpcall, tostring, type = error, pcall, xpcall, tostring, type

local M = {}

M.MAX_FRAME_SIZE = 256 * 1024          -- a server's limit per frame and per message
M.CLIENT_MAX_FRAME_SIZE = 16 * 1024 * 1024
M.timeout = nil                        -- centiseconds a server's handshake may take

local ws_pool = {}

local function is_closed(id)
	return not ws_pool[id]
end

local function drop(ws)
	if ws_pool[ws.id] == ws then
		ws_pool[ws.id] = nil
	end
	ws.close()
end

local function send(ws, op, payload)
	local mask
	if ws.mode == "client" then
		mask = crypt.randomkey():sub(1, 4)
	end
	ws.write(frame.encode(op, payload, mask))
end

local function limit_of(ws)
	return ws.mode == "server" and M.MAX_FRAME_SIZE or M.CLIENT_MAX_FRAME_SIZE
end

local function read_frame(ws)
	return frame.read(ws.read, limit_of(ws), ws.mode == "server")
end

local function try_handle(ws, name, ...)
	local f = ws.handle and ws.handle[name]
	if f then
		f(ws.id, ...)
	end
end

-- read with `pre` (bytes already read past a head) served first
local with_prefix = sockethelper.with_prefix

-- ---- the server's handshake ----

local function header_has(v, word)
	if type(v) == "table" then
		v = table.concat(v, ",")
	end
	return v and find("," .. lower(v):gsub("%s", "") .. ",", "," .. word .. ",", 1, true) ~= nil
end

-- nil, header, url; or a status code and a reason to refuse with
local function read_handshake(ws, upgrade)
	local header, method, url
	if upgrade then
		header, method, url = upgrade.header, upgrade.method, upgrade.url
	else
		local lines = {}
		local rest = internal.recvheader(ws.read, lines, "")
		if not rest then
			return 413, "handshake head longer than " .. internal.HEADER_LIMIT .. " bytes"
		end
		ws.read = with_prefix(ws.read, rest)
		local version
		method, url, version = string.match(lines[1], "^(%u+) (%S+) HTTP/(%d%.%d)$")
		if not method then
			return 400, "bad request line"
		end
		if version ~= "1.1" then
			return 505, "websocket needs HTTP/1.1"
		end
		header = internal.parseheader(lines, 2, {})
		if not header then
			return 400, "bad header field"
		end
	end
	if method ~= "GET" then
		return 400, "need GET method"
	end
	if not header_has(header["upgrade"], "websocket") then
		return 426, "Upgrade Required"
	end
	if not header["host"] then
		return 400, "host Required"
	end
	if not header_has(header["connection"], "upgrade") then
		return 400, "Connection must Upgrade"
	end
	local key = header["sec-websocket-key"]
	if type(key) ~= "string" or #crypt.base64decode(key) ~= 16 then
		return 400, "Sec-WebSocket-Key invalid"
	end
	if header["sec-websocket-version"] ~= "13" then
		return 400, "Sec-WebSocket-Version must 13"
	end
	local extra = ""
	local offered = header["sec-websocket-protocol"]
	if offered then
		-- as skynet: a client that asks for subprotocols gets "chat" or nothing
		if not header_has(offered, "chat") then
			return 400, "Sec-WebSocket-Protocol need include chat"
		end
		extra = "Sec-WebSocket-Protocol: chat\r\n"
	end
	ws.real_ip = header["x-real-ip"]
	ws.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
		.. "Sec-WebSocket-Accept: " .. frame.accept_key(key) .. "\r\n" .. extra .. "\r\n")
	return nil, header, url
end

local function serve(ws, options)
	try_handle(ws, "connect")
	local code, header, url = read_handshake(ws, options and options.upgrade)
	if ws.stop then
		ws.stop()
		ws.stop = nil
	end
	if code then
		httpd.write_response(ws.write, code, header)
		try_handle(ws, "close")
		return
	end
	try_handle(ws, "handshake", header, url)
	local parts, size, first
	while true do
		if is_closed(ws.id) then
			try_handle(ws, "close")
			return
		end
		local fin, op, data = read_frame(ws)
		if op == "close" then
			local c, reason = frame.read_close(data)
			pcall(send, ws, "close", frame.close_payload(c, ""))
			try_handle(ws, "close", c, reason)
			return
		elseif op == "ping" then
			send(ws, "pong", data)
			try_handle(ws, "ping")
		elseif op == "pong" then
			try_handle(ws, "pong")
		elseif op == "frame" and not parts then
			frame.fail(1002, "continuation frame with no message to continue")
		elseif op ~= "frame" and parts then
			frame.fail(1002, "new message before the last one's final frame")
		elseif fin and not parts then
			try_handle(ws, "message", data, op)
		else
			parts = parts or {}
			first = first or op
			size = (size or 0) + #data
			if size > M.MAX_FRAME_SIZE then
				frame.fail(1009, format("message of more than %d bytes", M.MAX_FRAME_SIZE))
			end
			parts[#parts + 1] = data
			if fin then
				local msg = table.concat(parts)
				local kind = first
				parts, size, first = nil, nil, nil
				try_handle(ws, "message", msg, kind)
			end
		end
	end
end

local SSLCTX_CLIENT, SSLCTX_SERVER

-- a TLS session on the socket, its handshake run (wss)
local function tls_of(id, mode, hostname)
	local tls = require "http.tlshelper"
	local ctx
	if mode == "client" then
		SSLCTX_CLIENT = SSLCTX_CLIENT or tls.newctx()
		ctx = SSLCTX_CLIENT
	else
		if not SSLCTX_SERVER then
			local c = tls.newctx()
			c:set_cert(skynet.getenv("certfile") or "./server-cert.pem", skynet.getenv("keyfile") or "./server-key.pem")
			SSLCTX_SERVER = c
		end
		ctx = SSLCTX_SERVER
	end
	local session = tls.newtls(mode, ctx, hostname)
	if mode == "client" then
		tls.init_requestfunc(id, session)()
	else
		tls.init_responsefunc(id, session)()
	end
	return tls, session
end

local function new_ws(id, mode, protocol, hostname)
	if protocol ~= "ws" and protocol ~= "wss" then
		error(format("invalid websocket protocol:%s", tostring(protocol)))
	end
	local ws = { id = id, mode = mode }
	if protocol == "wss" then
		local tls, session = tls_of(id, mode, hostname)
		ws.read = tls.readfunc(id, session)
		ws.write = tls.writefunc(id, session)
		ws.close = function()
			sockethelper.close(id)
			session:close()
		end
	else
		ws.read = sockethelper.readfunc(id)
		ws.write = sockethelper.writefunc(id)
		ws.close = function()
			sockethelper.close(id)
		end
	end
	ws_pool[id] = ws
	return ws
end

function M.accept(id, handle, protocol, addr, options)
	if not (options and options.upgrade) then
		local ok, err = socket.start(id)
		if not ok then
			return false, err
		end
	end
	if options and options.upgrade and protocol == "wss" then
		-- the TLS session is the httpd's, which accept cannot take over
		return false, "websocket.accept: a wss upgrade of a request httpd read is not supported; accept wss on a listener of its own"
	end
	local timeout = options and options.timeout or M.timeout
	local stop = timeout and sockethelper.deadline(id, timeout, "websocket handshake")
	local okp, ws = pcall(new_ws, id, "server", protocol or "ws")
	if not okp and stop then
		stop()
	end
	if not okp then
		sockethelper.close(id)
		ws = tostring(ws)
		skynet.error(format("websocket %s (socket %s): %s", tostring(addr), tostring(id), ws))
		return false, ws
	end
	ws.handle = handle
	ws.addr = addr
	ws.stop = stop
	local ok, err = xpcall(serve, function(e)
		if e == socket_error or frame.problem(e) then
			return e
		end
		return debug.traceback(tostring(e), 2)
	end, ws, options)
	local closed = is_closed(id)
	if ok then
		if not closed then
			drop(ws)
		end
		return true
	end
	if err == socket_error then
		-- the connection ended under us: closed here (websocket.close) or by the peer
		err = tostring(err)
		if not closed then
			drop(ws)
			skynet.error(format("websocket %s (socket %s): %s", tostring(addr), tostring(id), err))
			try_handle(ws, "error", err)
		else
			try_handle(ws, "close")
		end
		return true
	end
	local p = frame.problem(err)
	if p and not closed then
		-- tell the peer why (1002 protocol error, 1009 too big) before closing
		pcall(send, ws, "close", frame.close_payload(p.code, ""))
	end
	if not closed then
		drop(ws)
	end
	err = tostring(err)
	skynet.error(format("websocket %s (socket %s): %s", tostring(addr), tostring(id), err))
	try_handle(ws, "error", err)
	return false, err
end

-- ---- the client ----

local function handshake(ws, host, uri, header)
	local key = crypt.base64encode(crypt.randomkey() .. crypt.randomkey())
	local request = {
		["Upgrade"] = "websocket",
		["Connection"] = "Upgrade",
		["Sec-WebSocket-Version"] = "13",
		["Sec-WebSocket-Key"] = key,
	}
	if header then
		for k, v in pairs(header) do
			if request[k] ~= nil then
				error("websocket.connect: header " .. k .. " is the handshake's own", 0)
			end
			request[k] = v
		end
	end
	local got = {}
	local code, rest = internal.request(ws, "GET", host, uri, got, request)
	if code ~= 101 then
		error(format("websocket handshake error: code[%s] info:%s", tostring(code), rest), 0)
	end
	ws.read = with_prefix(ws.read, rest)
	if not header_has(got["upgrade"], "websocket") then
		error("websocket handshake upgrade must websocket", 0)
	end
	if not header_has(got["connection"], "upgrade") then
		error("websocket handshake connection must upgrade", 0)
	end
	if got["sec-websocket-accept"] ~= frame.accept_key(key) then
		error("websocket handshake invalid Sec-WebSocket-Accept", 0)
	end
end

function M.connect(url, header, timeout)
	local protocol, host, uri = string.match(url, "^(wss?)://([^/]+)(.*)$")
	if not protocol then
		error(format("websocket.connect: bad url %q (ws://host[:port]/path expected)", tostring(url)), 2)
	end
	local addr, port = string.match(host, "^([^:]+):?(%d*)$")
	if not addr then
		error(format("websocket.connect: bad host %q", host), 2)
	end
	port = port == "" and (protocol == "ws" and 80 or 443) or tonumber(port)
	uri = uri == "" and "/" or uri
	local id = sockethelper.connect(addr, port, timeout)
	local stop = timeout and sockethelper.deadline(id, timeout, "websocket handshake with " .. host)
	local okn, ws = pcall(new_ws, id, "client", protocol, addr)
	if not okn then
		if stop then stop() end
		sockethelper.close(id)
		error(tostring(ws), 0)
	end
	ws.addr = host
	local ok, err = pcall(handshake, ws, host, uri, header)
	if stop then
		stop()
	end
	if not ok then
		drop(ws)
		error(tostring(err), 0)
	end
	return id
end

local function get(id, fname)
	local ws = ws_pool[id]
	if not ws then
		error(format("websocket.%s: %s is not an open websocket", fname, tostring(id)), 3)
	end
	return ws
end

-- The next message; false, reason, code when the peer closed. Pings are answered.
function M.read(id)
	local ws = get(id, "read")
	local parts, first, size = nil, nil, 0
	while true do
		local ok, fin, op, data = pcall(read_frame, ws)
		if not ok then
			if not is_closed(id) then
				local p = frame.problem(fin)
				if p then
					pcall(send, ws, "close", frame.close_payload(p.code, ""))
				end
				drop(ws)
			end
			error(tostring(fin), 0)
		end
		if op == "close" then
			local code, reason = frame.read_close(data)
			pcall(send, ws, "close", frame.close_payload(code, ""))
			drop(ws)
			return false, reason or "", code
		elseif op == "ping" then
			send(ws, "pong", data)
		elseif op ~= "pong" then
			if fin and not parts then
				return data, op
			end
			parts = parts or {}
			first = first or op   -- a fragmented message is of its first frame's kind
			size = size + #data
			if size > limit_of(ws) then
				pcall(send, ws, "close", frame.close_payload(1009, ""))
				drop(ws)
				error(format("websocket.read: message of more than %d bytes", limit_of(ws)), 0)
			end
			parts[#parts + 1] = data
			if fin then
				return table.concat(parts), first
			end
		end
	end
end

function M.write(id, data, fmt, masking_key)
	local ws = get(id, "write")
	fmt = fmt or "text"
	if fmt ~= "text" and fmt ~= "binary" then
		error(format("bad argument #3 to 'write' (\"text\" or \"binary\" expected, got %s)", tostring(fmt)), 2)
	end
	if type(data) ~= "string" then
		error("bad argument #2 to 'write' (string expected, got " .. type(data) .. ")", 2)
	end
	local mask
	if ws.mode == "client" then
		-- a number key as in skynet's API, else a fresh random one (RFC 6455 5.3)
		mask = masking_key and frame.be(masking_key, 4) or crypt.randomkey():sub(1, 4)
	end
	ws.write(frame.encode(fmt, data, mask))
end

function M.ping(id)
	send(get(id, "ping"), "ping")
end

function M.addrinfo(id)
	return get(id, "addrinfo").addr
end

function M.real_ip(id)
	return get(id, "real_ip").real_ip
end

function M.close(id, code, reason)
	local ws = ws_pool[id]
	if not ws then
		return
	end
	local ok, err = pcall(send, ws, "close", frame.close_payload(code, reason))
	drop(ws)
	if not ok then
		skynet.error(tostring(err))
	end
end

M.is_close = is_closed

return M
