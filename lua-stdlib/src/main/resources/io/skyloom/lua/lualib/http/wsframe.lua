-- http.wsframe: RFC 6455 frames for http.websocket (Skyloom's; skynet keeps these
-- inside websocket.lua). Lua 5.2: lengths and bits through bit32 and string.byte.
local crypt = require "skynet.crypt"

local band, bor = bit32.band, bit32.bor
local byte, char, sub, format = string.byte, string.char, string.sub, string.format
local error = error

local M = {}

M.GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

local op_code = {
	frame = 0x0, text = 0x1, binary = 0x2, close = 0x8, ping = 0x9, pong = 0xA,
	[0x0] = "frame", [0x1] = "text", [0x2] = "binary", [0x8] = "close", [0x9] = "ping", [0xA] = "pong",
}
M.op_code = op_code

-- The Sec-WebSocket-Accept answer to a Sec-WebSocket-Key.
function M.accept_key(key)
	return crypt.base64encode(crypt.sha1(key .. M.GUID))
end

local function be(n, bytes)
	local t = {}
	for i = bytes, 1, -1 do
		t[i] = n % 256
		n = (n - t[i]) / 256
	end
	return char(table.unpack(t))
end
M.be = be

-- One frame. mask: a 4-byte masking key (a client's frames must have one), or nil.
function M.encode(op, payload, mask, fin)
	payload = payload or ""
	local code = op_code[op]
	if type(op) ~= "string" or not code then
		error("unknown websocket opcode " .. tostring(op), 2)
	end
	local first = bor(fin == false and 0 or 0x80, code)
	local maskbit = mask and 0x80 or 0
	local n = #payload
	local head
	if n < 126 then
		head = char(first, bor(maskbit, n))
	elseif n <= 0xffff then
		head = char(first, bor(maskbit, 126)) .. be(n, 2)
	else
		head = char(first, bor(maskbit, 127)) .. be(n, 8)
	end
	if mask then
		if #mask ~= 4 then
			error("websocket masking key must be 4 bytes", 2)
		end
		return head .. mask .. (n > 0 and crypt.xor_str(payload, mask) or "")
	end
	return head .. payload
end

-- Reads one frame: fin, the opcode's name, the payload (unmasked). limit bounds the
-- payload's length (checked before it is read); masked: true when the frame must be
-- masked (a server reading a client), false when it must not be, nil for either.
-- A frame that breaks the protocol raises "websocket: ..." with a close code beside:
-- error value {code = 1002 or 1009, message = ...}.
local problem_mt = { __tostring = function(p) return p.message end }
local function fail(code, message)
	error(setmetatable({ code = code, message = "websocket: " .. message }, problem_mt), 0)
end
M.fail = fail

function M.problem(e)
	if getmetatable(e) == problem_mt then
		return e
	end
end

function M.read(readbytes, limit, masked)
	local h = readbytes(2)
	local b1, b2 = byte(h, 1, 2)
	local fin = band(b1, 0x80) ~= 0
	if band(b1, 0x70) ~= 0 then
		fail(1002, "frame has reserved bits set (no extension was agreed)")
	end
	local op = op_code[band(b1, 0x0f)]
	if not op then
		fail(1002, format("unknown opcode 0x%x", band(b1, 0x0f)))
	end
	local hasmask = band(b2, 0x80) ~= 0
	if masked == true and not hasmask then
		fail(1002, "a client's frame is not masked")
	elseif masked == false and hasmask then
		fail(1002, "a server's frame is masked")
	end
	local n = band(b2, 0x7f)
	if n == 126 then
		local e = readbytes(2)
		n = byte(e, 1) * 256 + byte(e, 2)
	elseif n == 127 then
		local e = readbytes(8)
		local d = { byte(e, 1, 8) }
		if d[1] >= 0x80 then
			fail(1002, "frame length has its most significant bit set")
		end
		n = 0
		for i = 1, 8 do
			n = n * 256 + d[i]
		end
	end
	local control = band(b1, 0x08) ~= 0
	if control and (n > 125 or not fin) then
		fail(1002, format("control frame %s is %s", op, not fin and "fragmented" or "longer than 125 bytes"))
	end
	if limit and n > limit then
		fail(1009, format("frame of %.0f bytes is over the limit of %d", n, limit))
	end
	local key = hasmask and readbytes(4)
	local payload = n > 0 and readbytes(n) or ""
	if key and n > 0 then
		payload = crypt.xor_str(payload, key)
	end
	return fin, op, payload
end

-- A close frame's payload: status code and reason (both nil when it has none).
function M.close_payload(code, reason)
	if not code then
		return ""
	end
	return be(code, 2) .. (reason or "")
end

function M.read_close(payload)
	if #payload < 2 then
		return nil, nil
	end
	return byte(payload, 1) * 256 + byte(payload, 2), sub(payload, 3)
end

return M
