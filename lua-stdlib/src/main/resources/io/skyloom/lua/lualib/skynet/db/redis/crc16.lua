-- skynet.db.redis.crc16: the CRC16 of Redis Cluster's key slots (CCITT, XMODEM:
-- polynomial 0x1021, initial value 0), a function of a string.
local bxor, band, lshift, rshift = bit32.bxor, bit32.band, bit32.lshift, bit32.rshift

-- the CRC of each high byte, made once
local TABLE = {}
for b = 0, 255 do
	local crc = lshift(b, 8)
	for _ = 1, 8 do
		if band(crc, 0x8000) ~= 0 then
			crc = band(bxor(lshift(crc, 1), 0x1021), 0xffff)
		else
			crc = band(lshift(crc, 1), 0xffff)
		end
	end
	TABLE[b] = crc
end

return function(s)
	local crc = 0
	for i = 1, #s do
		crc = band(bxor(lshift(crc, 8), TABLE[bxor(rshift(crc, 8), string.byte(s, i))]), 0xffff)
	end
	return crc
end
