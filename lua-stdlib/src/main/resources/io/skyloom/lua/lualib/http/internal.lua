-- http.internal: HTTP/1.1 message framing shared by httpd, httpc and websocket (the
-- module skynet has under this name). Every function takes a readbytes(sz) that
-- returns exactly sz bytes, or some bytes when sz is nil, and raises when it cannot.
--
-- Bounds, so a peer cannot make a service hold unbounded data: a request or response
-- head (start line and header fields) and a chunked body's trailer are at most
-- HEADER_LIMIT bytes each; a chunk-size line at most CHUNK_LINE_LIMIT; a body at most
-- the caller's bodylimit (nil: none). A message that breaks one raises a problem:
-- a value with .code (the HTTP status that answers it) and .message.
local string = string
local table = table
local tonumber = tonumber
local type = type
local pairs = pairs
local ipairs = ipairs
local error = error
local find, sub, match, gmatch, lower, format = string.find, string.sub, string.match, string.gmatch,
	string.lower, string.format

local M = {}

local HEADER_LIMIT = 8192
local CHUNK_LINE_LIMIT = 1024
M.HEADER_LIMIT = HEADER_LIMIT
M.CHUNK_LINE_LIMIT = CHUNK_LINE_LIMIT

local problem_mt = { __tostring = function(p) return p.message end }

-- Raises a problem: the message cannot be read on, and `code` is the status to answer.
local function fail(code, message)
	error(setmetatable({ code = code, message = message }, problem_mt), 0)
end
M.fail = fail

function M.problem(e)
	if getmetatable(e) == problem_mt then
		return e
	end
end

-- The lines of a header block that starts `buf` and ends with an empty line, and the
-- bytes after it; nil when the block is longer than limit. A block may be empty (a
-- trailer with no fields is just CRLF).
local function readblock(readbytes, lines, buf, limit)
	local from = 1
	while true do
		if sub(buf, 1, 2) == "\r\n" then
			return sub(buf, 3)
		end
		local e = find(buf, "\r\n\r\n", from, true)
		if e then
			if e + 3 > limit then
				return nil
			end
			for line in gmatch(sub(buf, 1, e + 1), "(.-)\r\n") do
				lines[#lines + 1] = line
			end
			return sub(buf, e + 4)
		end
		if #buf > limit then
			return nil
		end
		from = #buf > 3 and #buf - 2 or 1
		buf = buf .. readbytes()
	end
end

-- A request or response head: empty lines before the start line are skipped (RFC 9112
-- 2.2). Appends the head's lines to `lines`; returns the bytes after it, or nil when it
-- is longer than limit (HEADER_LIMIT by default).
function M.recvheader(readbytes, lines, buf, limit)
	limit = limit or HEADER_LIMIT
	local skipped = 0
	while true do
		if sub(buf, 1, 2) == "\r\n" then
			buf = sub(buf, 3)
			skipped = skipped + 2
			if skipped > limit then
				return nil
			end
		elseif #buf >= 2 or (#buf == 1 and buf ~= "\r") then
			break
		else
			buf = buf .. readbytes()
		end
	end
	return readblock(readbytes, lines, buf, limit)
end

-- Header fields of lines[from..] into `header` (names lower-cased; a field given twice
-- becomes a list of its values, in order); nil when a line is not a field.
function M.parseheader(lines, from, header)
	local name
	for i = from, #lines do
		local line = lines[i]
		local c = string.byte(line, 1)
		if c == 32 or c == 9 then
			-- obsolete line folding: the line continues the previous field
			if not name then
				return nil
			end
			local more = " " .. match(line, "^%s*(.-)%s*$")
			local v = header[name]
			if type(v) == "table" then
				v[#v] = v[#v] .. more
			else
				header[name] = v .. more
			end
		else
			local value
			name, value = match(line, "^([^%s:]+):%s*(.-)%s*$")
			if not name then
				return nil
			end
			name = lower(name)
			local old = header[name]
			if old == nil then
				header[name] = value
			elseif type(old) == "table" then
				old[#old + 1] = value
			else
				header[name] = { old, value }
			end
		end
	end
	return header
end

-- ---- bodies ----

-- One header value, for fields that must appear once (a list of equal values counts
-- as one, as RFC 9110 allows for Content-Length).
local function single(v, name)
	if type(v) == "table" then
		for i = 2, #v do
			if v[i] ~= v[1] then
				fail(400, format("conflicting %s fields", name))
			end
		end
		return v[1]
	end
	return v
end

-- The body's framing from its head: "chunked", a length, or nil (none given).
function M.framing(header)
	local te = header["transfer-encoding"]
	local cl = header["content-length"]
	if te then
		if type(te) == "table" then
			te = table.concat(te, ",")
		end
		te = lower(te)
		if cl then
			-- both: a request smuggling vector (RFC 9112 6.1), so refused outright
			fail(400, "both Content-Length and Transfer-Encoding given")
		end
		if te == "chunked" then
			return "chunked"
		elseif te == "identity" then
			return nil
		end
		fail(501, format("transfer-encoding %q is not supported", te))
	end
	if cl then
		cl = single(cl, "Content-Length")
		if not match(cl, "^%d+$") or #cl > 15 then
			fail(400, format("bad Content-Length %q", cl))
		end
		return tonumber(cl)
	end
	return nil
end

-- Exactly `length` bytes: those in `buf` first, then read. Returns them and what follows.
local function take(readbytes, buf, length)
	if #buf >= length then
		return sub(buf, 1, length), sub(buf, length + 1)
	end
	return buf .. readbytes(length - #buf), ""
end
M.take = take

local function chunksize(readbytes, buf)
	while true do
		local f = find(buf, "\r\n", 1, true)
		if f then
			if f > CHUNK_LINE_LIMIT then
				fail(400, "chunk-size line longer than " .. CHUNK_LINE_LIMIT .. " bytes")
			end
			local line = sub(buf, 1, f - 1)
			local hex, ext = match(line, "^(%x+)[ \t]*(.-)$")
			if not hex or (ext ~= "" and sub(ext, 1, 1) ~= ";") then
				fail(400, format("bad chunk size %q", line))
			end
			hex = match(hex, "^0*(.-)$")
			if #hex > 12 then
				fail(413, "chunk size " .. line .. " is too large")
			end
			return tonumber(hex ~= "" and hex or "0", 16), sub(buf, f + 2)
		end
		if #buf > CHUNK_LINE_LIMIT then
			fail(400, "chunk-size line longer than " .. CHUNK_LINE_LIMIT .. " bytes")
		end
		buf = buf .. readbytes()
	end
end

-- One chunk of a chunked body: its data ("" for the last chunk) and what follows it;
-- `size` is what the body held before it, checked against bodylimit before reading.
function M.recvchunk(readbytes, buf, size, bodylimit)
	local sz
	sz, buf = chunksize(readbytes, buf)
	if sz == 0 then
		return "", buf
	end
	if bodylimit and size + sz > bodylimit then
		fail(413, format("chunked body longer than the limit of %d bytes", bodylimit))
	end
	local data, crlf
	data, buf = take(readbytes, buf, sz)
	crlf, buf = take(readbytes, buf, 2)
	if crlf ~= "\r\n" then
		fail(400, "chunk data not followed by CRLF")
	end
	return data, buf
end

-- The trailer after the last chunk, merged into header; returns what follows it.
function M.recvtrailer(readbytes, header, buf)
	local lines = {}
	buf = readblock(readbytes, lines, buf, HEADER_LIMIT)
	if not buf then
		fail(431, "chunked trailer longer than " .. HEADER_LIMIT .. " bytes")
	end
	if not M.parseheader(lines, 1, header) then
		fail(400, "bad field in chunked trailer")
	end
	return buf
end

-- A whole chunked body (bodylimit: nil for none); returns it, the header with the
-- trailer's fields added, and the bytes after the message.
function M.recvchunkedbody(readbytes, bodylimit, header, buf)
	local parts, size = {}, 0
	while true do
		local data
		data, buf = M.recvchunk(readbytes, buf, size, bodylimit)
		if data == "" then
			break
		end
		parts[#parts + 1] = data
		size = size + #data
	end
	buf = M.recvtrailer(readbytes, header, buf)
	return table.concat(parts), header, buf
end

-- ---- writing ----

-- Header lines for a table of fields (a list value is one line per element); skips
-- the names in `skip` (lower-cased), which the caller writes itself.
function M.headerlines(out, header, skip)
	for k, v in pairs(header) do
		if not (skip and skip[lower(k)]) then
			if type(v) == "table" then
				for _, e in ipairs(v) do
					out[#out + 1] = format("%s: %s\r\n", k, e)
				end
			else
				out[#out + 1] = format("%s: %s\r\n", k, tostring(v))
			end
		end
	end
	return out
end

-- Writes a chunked body taken from bodyfunc() until it returns nil.
function M.writechunked(write, bodyfunc)
	while true do
		local s = bodyfunc()
		if s == nil then
			write("0\r\n\r\n")
			return
		end
		if type(s) ~= "string" then
			error("body function returned a " .. type(s) .. ", not a string or nil", 0)
		end
		if s ~= "" then
			write(format("%x\r\n", #s) .. s .. "\r\n")
		end
	end
end

-- ---- the client's side (httpc, websocket.connect) ----

local function has(header, name)
	for k in pairs(header) do
		if lower(k) == name then
			return true
		end
	end
	return false
end

-- Writes a request and reads the response's head: returns the status code, the bytes
-- read after the head, and the header (into recvheader when given).
function M.request(interface, method, host, url, recvheader, header, content)
	local read, write = interface.read, interface.write
	local out = { format("%s %s HTTP/1.1\r\n", method, url) }
	header = header or {}
	if not has(header, "host") then
		out[#out + 1] = format("host: %s\r\n", host)
	end
	M.headerlines(out, header)
	local chunked = content ~= nil and lower(tostring(header["transfer-encoding"] or header["Transfer-Encoding"] or "")) == "chunked"
	if type(content) == "function" then
		if not chunked then
			out[#out + 1] = "transfer-encoding: chunked\r\n"
		end
		out[#out + 1] = "\r\n"
		write(table.concat(out))
		M.writechunked(write, content)
	else
		if not chunked and not has(header, "content-length") then
			out[#out + 1] = format("content-length: %d\r\n", content and #content or 0)
		end
		out[#out + 1] = "\r\n"
		if content then
			out[#out + 1] = content
		end
		write(table.concat(out))
	end

	local lines = {}
	local body = M.recvheader(read, lines, "")
	if not body then
		error(format("response head longer than %d bytes", HEADER_LIMIT), 0)
	end
	local code = match(lines[1] or "", "^HTTP/%d%.%d%s+(%d%d%d)")
	if not code then
		error(format("bad response status line %q", lines[1] or ""), 0)
	end
	local rheader = M.parseheader(lines, 2, recvheader or {})
	if not rheader then
		error("bad field in the response head", 0)
	end
	return tonumber(code), body, rheader
end

local function nobody(code)
	return code == 204 or code == 304 or code < 200
end

-- The response's body, read according to its head.
function M.response(interface, code, body, header)
	local ok, framing = pcall(M.framing, header)
	if not ok then
		error("bad response framing: " .. tostring(framing), 0)
	end
	if framing == "chunked" then
		local ok2, b = pcall(M.recvchunkedbody, interface.read, nil, header, body)
		if not ok2 then
			error("bad chunked response body: " .. tostring(b), 0)
		end
		return b
	elseif framing then
		return (take(interface.read, body, framing))
	elseif nobody(code) then
		return ""
	end
	-- no length given: the body runs to the end of the connection
	return body .. (interface.readall() or "")
end

-- ---- streamed responses (httpc.request_stream) ----

local stream = {}
stream.__index = stream

function stream:close()
	local f = self._onclose
	if f then
		self._onclose = nil
		f(self)
	end
end

-- The next piece of the body, and the stream (so `for part, s in stream do` works);
-- nil at the end, after which the connection is closed.
function stream:padding()
	local part = self._reading(self)
	if part == nil or part == "" then
		self:close()
		return nil
	end
	return part, self
end
stream.__call = stream.padding

local function read_length(length)
	return function(s)
		if length == 0 then
			return nil
		end
		local buf = s._body
		if buf == "" then
			buf = s._interface.read()
		end
		if #buf >= length then
			s._body = ""
			local part = sub(buf, 1, length)
			length = 0
			return part
		end
		s._body = ""
		length = length - #buf
		return buf
	end
end

local function read_chunked(s)
	if s._done then
		return nil
	end
	local data, buf = M.recvchunk(s._interface.read, s._body, 0, nil)
	if data == "" then
		s._body = M.recvtrailer(s._interface.read, s.header, buf)
		s._done = true
		return nil
	end
	s._body = buf
	return data
end

local function read_to_end(s)
	if s._done then
		return nil
	end
	local buf = s._body
	s._body = ""
	if buf ~= "" then
		return buf
	end
	s._done = true
	return s._interface.readall()
end

function M.response_stream(interface, code, body, header)
	local framing = M.framing(header)
	local reading
	if framing == "chunked" then
		reading = read_chunked
	elseif framing then
		reading = read_length(framing)
	elseif nobody(code) then
		reading = function() return nil end
	else
		reading = read_to_end
	end
	return setmetatable({
		status = code,
		header = header,
		connected = true,
		_body = body,
		_interface = interface,
		_reading = reading,
	}, stream)
end

return M
