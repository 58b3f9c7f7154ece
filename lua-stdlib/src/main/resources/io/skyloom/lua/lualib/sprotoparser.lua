-- skynet's sprotoparser: schema text to the binary bundle sproto.new takes.
-- The parser is Java (sproto.core.parse), since skynet's is written in LPeg.
local core = require "sproto.core"

local parser = {}

function parser.parse(text, name)
	return core.parse(text, name or "=text")
end

function parser.dump(bin)
	local line = {}
	for i = 1, #bin do
		line[#line + 1] = string.format("%02X", bin:byte(i))
		if i % 16 == 0 or i == #bin then
			print(table.concat(line, " "))
			line = {}
		end
	end
end

return parser
