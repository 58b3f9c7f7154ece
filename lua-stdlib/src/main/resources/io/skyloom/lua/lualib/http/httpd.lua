-- http.httpd: skynet's HTTP/1.1 server side. read_request reads one request from a
-- readbytes function (http.sockethelper.readfunc); write_response writes one answer.
-- A service serves keep-alive by calling read_request again on the same connection.
--
-- read_request(readbytes, bodylimit [, timeout]) returns
--   200, url, method, header, body   a request (header names lower-cased)
--   code, message                    a request to refuse with that status (413: head
--                                    over 8192 bytes or body over bodylimit; 400: bad
--                                    request line, field, length or chunk; 501: an
--                                    unknown transfer-encoding; 505: not HTTP/1.0 or 1.1)
--   nil, err, idle                   the connection failed (err is
--                                    sockethelper.socket_error for a socket error; idle
--                                    is true when it closed before a byte of a request)
-- bodylimit defaults to httpd.bodylimit (16 MiB).
-- timeout (centiseconds; default httpd.timeout, 30 s, for sockethelper's read functions) bounds the time the
-- whole request may take to arrive, from the call on: past it the socket is shut and
-- err says "timed out". It needs a readbytes made by http.sockethelper.
local internal = require "http.internal"

local string = string
local type = type
local pcall = pcall
local format, match = string.format, string.match

local httpd = {}

-- centiseconds a request may take to arrive, when read_request is given no timeout and
-- reads through http.sockethelper (skynet has no limit; a trickling peer would hold its
-- connection forever). nil: no limit.
httpd.timeout = 3000
-- bytes a body may have when read_request is given no bodylimit (skynet: no limit, so a
-- peer could fill the heap). math.huge: no limit.
httpd.bodylimit = 16 * 1024 * 1024

local status_text = {
	[100] = "Continue", [101] = "Switching Protocols",
	[200] = "OK", [201] = "Created", [202] = "Accepted", [203] = "Non-Authoritative Information",
	[204] = "No Content", [205] = "Reset Content", [206] = "Partial Content",
	[300] = "Multiple Choices", [301] = "Moved Permanently", [302] = "Found", [303] = "See Other",
	[304] = "Not Modified", [307] = "Temporary Redirect", [308] = "Permanent Redirect",
	[400] = "Bad Request", [401] = "Unauthorized", [403] = "Forbidden", [404] = "Not Found",
	[405] = "Method Not Allowed", [406] = "Not Acceptable", [408] = "Request Timeout", [409] = "Conflict",
	[410] = "Gone", [411] = "Length Required", [412] = "Precondition Failed", [413] = "Content Too Large",
	[414] = "URI Too Long", [415] = "Unsupported Media Type", [416] = "Range Not Satisfiable",
	[417] = "Expectation Failed", [426] = "Upgrade Required", [429] = "Too Many Requests",
	[431] = "Request Header Fields Too Large",
	[500] = "Internal Server Error", [501] = "Not Implemented", [502] = "Bad Gateway",
	[503] = "Service Unavailable", [504] = "Gateway Timeout", [505] = "HTTP Version Not Supported",
}
httpd.status_text = status_text

local function readall(readbytes, bodylimit)
	local lines = {}
	local buf = internal.recvheader(readbytes, lines, "")
	if not buf then
		internal.fail(413, format("request head longer than %d bytes", internal.HEADER_LIMIT))
	end
	local method, url, version = match(lines[1], "^(%u+) (%S+) HTTP/(%d%.%d)$")
	if not method then
		internal.fail(400, format("bad request line %q", lines[1]))
	end
	if version ~= "1.1" and version ~= "1.0" then
		internal.fail(505, "HTTP/" .. version .. " is not supported")
	end
	local header = internal.parseheader(lines, 2, {})
	if not header then
		internal.fail(400, "bad header field")
	end
	local framing = internal.framing(header)
	local body = ""
	if framing == "chunked" then
		body = internal.recvchunkedbody(readbytes, bodylimit, header, buf)
	elseif framing then
		if bodylimit and framing > bodylimit then
			internal.fail(413, format("body of %d bytes is over the limit of %d", framing, bodylimit))
		end
		body = internal.take(readbytes, buf, framing)
	end
	-- bytes after the request (a pipelined one) are not kept, as in skynet
	return 200, url, method, header, body
end

function httpd.read_request(readbytes, bodylimit, timeout)
	bodylimit = bodylimit or httpd.bodylimit
	if bodylimit == math.huge then bodylimit = nil end
	if timeout == nil and httpd.timeout and require("http.sockethelper").owns(readbytes) then
		timeout = httpd.timeout
	end
	local cancel
	if timeout then
		cancel = require("http.sockethelper").deadline(readbytes, timeout, "request")
	end
	local started = false
	local function counting(sz)
		local s = readbytes(sz)
		started = true
		return s
	end
	local ok, code, url, method, header, body = pcall(readall, counting, bodylimit)
	if cancel then
		cancel()
	end
	if ok then
		return code, url, method, header, body
	end
	local p = internal.problem(code)
	if p then
		return p.code, p.message
	end
	return nil, code, not started
end

local FRAMING = { ["content-length"] = true, ["transfer-encoding"] = true }
local INLINE = 64 * 1024   -- bodies up to this go out in the head's write

local function has_framing(header)
	for k in pairs(header) do
		if FRAMING[string.lower(k)] then
			return true
		end
	end
	return false
end

local function writeall(write, code, body, header)
	if type(code) ~= "number" then
		error("bad argument #2 to 'write_response' (status code expected, got " .. type(code) .. ")", 0)
	end
	local out = { format("HTTP/1.1 %03d %s\r\n", code, status_text[code] or "") }
	local t = type(body)
	if t == "string" then
		if header then
			internal.headerlines(out, header, FRAMING)
		end
		out[#out + 1] = format("content-length: %d\r\n\r\n", #body)
		if #body <= INLINE then
			out[#out + 1] = body
			write(table.concat(out))
		else
			write(table.concat(out))
			write(body)
		end
	elseif t == "function" then
		if header then
			internal.headerlines(out, header, FRAMING)
		end
		out[#out + 1] = "transfer-encoding: chunked\r\n\r\n"
		write(table.concat(out))
		internal.writechunked(write, body)
	elseif t == "nil" then
		if header then
			internal.headerlines(out, header)
		end
		-- a length, so a keep-alive client knows the (empty) body ended
		if not (code < 200 or code == 204 or code == 304 or (header and has_framing(header))) then
			out[#out + 1] = "content-length: 0\r\n"
		end
		out[#out + 1] = "\r\n"
		write(table.concat(out))
	else
		error("bad argument #3 to 'write_response' (string, function or nil expected, got " .. t .. ")", 0)
	end
end

-- Writes a response: body a string (with its length), a function returning the next
-- piece until nil (chunked), or nil. Returns true, or false and the error.
function httpd.write_response(...)
	return pcall(writeall, ...)
end

return httpd
