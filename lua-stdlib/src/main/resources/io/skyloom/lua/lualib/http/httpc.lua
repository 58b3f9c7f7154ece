-- http.httpc: skynet's HTTP client. One connection per request, closed after it, as in
-- skynet (no keep-alive). httpc.timeout (centiseconds, nil for none) bounds connect and
-- the whole exchange: past it the socket is shut and the request raises.
-- Host names go to socket.open, which resolves them; httpc.dns(...) switches to
-- skynet.dns. https:// runs over the JDK's TLS (http.tlshelper): the server's chain is
-- checked against the JDK's roots (or the env key tls_cafile), and must name the host
-- asked for (a name, or an address).
local skynet = require "skynet"
local socket = require "http.sockethelper"
local internal = require "http.internal"

local string = string
local table = table
local pcall = pcall
local error = error
local pairs = pairs
local tostring = tostring
local format = string.format

local httpc = {}

httpc.timeout = nil

local dns

function httpc.dns(server, port)
	local ok, m = pcall(require, "skynet.dns")
	if not ok then
		error("httpc.dns: skynet.dns is not available here (" .. tostring(m) .. "); socket.open resolves host names itself", 2)
	end
	dns = m
	dns.server(server, port)
end

local default_port = { http = 80, https = 443 }

local function is_ipv4(h)
	return string.find(h, "^%d+%.%d+%.%d+%.%d+$") ~= nil
end

-- host[:port], [ipv6][:port]: the address, the port (or nil) and its kind
local function parse_host(host)
	local c1 = string.find(host, ":", 1, true)
	if not c1 then
		return host, nil, is_ipv4(host) and "ipv4" or "hostname"
	end
	if string.find(host, ":", c1 + 1, true) then
		local v6, port = string.match(host, "^%[(.-)%]:?(%d*)$")
		if v6 then
			return v6, port ~= "" and tonumber(port) or nil, "ipv6"
		end
		error(format("Invalid host: bare IPv6 address '%s', use '[%s]' instead", host, host))
	end
	local h, port = string.match(host, "^(.-):(%d+)$")
	if h then
		return h, tonumber(port), is_ipv4(h) and "ipv4" or "hostname"
	end
	return host, nil, "hostname"
end

local function parse_url(u)
	local protocol, rest = string.match(u, "^(%a+)://(.*)$")
	if protocol then
		protocol = string.lower(protocol)
	else
		protocol, rest = "http", u
	end
	local hostheader = rest
	local host, port, kind = parse_host(rest)
	port = port or default_port[protocol]
	if not port then
		error("Invalid protocol: " .. protocol)
	end
	return protocol, host, port, kind, hostheader
end

local SSLCTX_CLIENT

local function interface_of(protocol, fd, hostname)
	if protocol == "https" then
		local tls = require "http.tlshelper"
		SSLCTX_CLIENT = SSLCTX_CLIENT or tls.newctx()
		local tls_ctx = tls.newtls("client", SSLCTX_CLIENT, hostname)
		return {
			init = tls.init_requestfunc(fd, tls_ctx),
			close = tls.closefunc(tls_ctx),
			read = tls.readfunc(fd, tls_ctx),
			write = tls.writefunc(fd, tls_ctx),
			readall = tls.readallfunc(fd, tls_ctx),
		}
	elseif protocol ~= "http" then
		error("Invalid protocol: " .. protocol)
	end
	return {
		read = socket.readfunc(fd),
		write = socket.writefunc(fd),
		readall = function()
			return socket.readall(fd)
		end,
	}
end

local function finish(interface, fd)
	if interface.stop then
		interface.stop()
		interface.stop = nil
	end
	socket.close(fd)
	if interface.close then
		interface.close()
		interface.close = nil
	end
end

local function connect(host, timeout)
	local protocol, hostname, port, kind, hostheader = parse_url(host)
	local addr = hostname
	if kind == "hostname" and dns then
		local msg
		addr, msg = dns.resolve(hostname)
		if not addr then
			error(format("%s dns resolve failed msg:%s", hostname, tostring(msg)))
		end
	end
	local fd = socket.connect(addr, port, timeout)
	-- https checks the certificate against the name or the address asked for
	local ok, interface = pcall(interface_of, protocol, fd, hostname)
	if not ok then
		socket.close(fd)
		error(interface, 0)
	end
	if timeout then
		interface.stop = socket.deadline(fd, timeout, "http request to " .. hostheader)
	end
	if interface.init then
		local okinit, err = pcall(interface.init)
		if not okinit then
			finish(interface, fd)
			error(tostring(err), 0)
		end
	end
	return fd, interface, hostheader
end


local function message(e)
	return tostring(e)
end

-- A request; returns the status code and the body. recvheader, when given, receives
-- the response's header fields; content is the request body (a string, or a function
-- returning pieces until nil: sent chunked).
function httpc.request(method, host, url, recvheader, header, content)
	local fd, interface, hostheader = connect(host, httpc.timeout)
	local ok, code, body, rheader = pcall(internal.request, interface, method, hostheader, url, recvheader, header, content)
	if ok then
		ok, body = pcall(internal.response, interface, code, body, rheader)
	else
		body = code
	end
	finish(interface, fd)
	if ok then
		return code, body
	end
	error(message(body), 0)
end

function httpc.head(host, url, recvheader, header, content)
	local fd, interface, hostheader = connect(host, httpc.timeout)
	local ok, code = pcall(internal.request, interface, "HEAD", hostheader, url, recvheader, header, content)
	finish(interface, fd)
	if ok then
		return code
	end
	error(message(code), 0)
end

-- A request whose body is read piece by piece: `for part, stream in
-- httpc.request_stream(...) do` (stream.status, stream.header); the connection closes
-- at the end of the body or with stream:close(). httpc.timeout covers the head only.
function httpc.request_stream(method, host, url, recvheader, header, content)
	local fd, interface, hostheader = connect(host, httpc.timeout)
	local ok, code, body, rheader = pcall(internal.request, interface, method, hostheader, url, recvheader, header, content)
	if interface.stop then
		interface.stop()
		interface.stop = nil
	end
	if not ok then
		finish(interface, fd)
		error(message(code), 0)
	end
	local ok2, stream = pcall(internal.response_stream, interface, code, body, rheader)
	if not ok2 then
		finish(interface, fd)
		error(message(stream), 0)
	end
	stream._onclose = function()
		finish(interface, fd)
	end
	return stream
end

function httpc.get(...)
	return httpc.request("GET", ...)
end

local function escape(s)
	return (string.gsub(s, "([^A-Za-z0-9_])", function(c)
		return format("%%%02X", string.byte(c))
	end))
end

-- A form POST (application/x-www-form-urlencoded) of the table `form`.
function httpc.post(host, url, form, recvheader)
	local header = { ["content-type"] = "application/x-www-form-urlencoded" }
	local body = {}
	for k, v in pairs(form) do
		body[#body + 1] = escape(tostring(k)) .. "=" .. escape(tostring(v))
	end
	return httpc.request("POST", host, url, recvheader, header, table.concat(body, "&"))
end

return httpc
