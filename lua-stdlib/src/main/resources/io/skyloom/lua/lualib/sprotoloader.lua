-- skynet's sprotoloader: schemas kept in sixteen process-wide slots, so that one
-- service parses a schema and every other service loads it by index.
local parser = require "sprotoparser"
local core = require "sproto.core"
local sproto = require "sproto"

local loader = {}

function loader.register(filename, index)
	local f = assert(io.open(filename), "Can't open sproto file")
	local text = f:read "*a"
	f:close()
	core.saveproto(core.newproto(parser.parse(text)), index)
end

function loader.save(bin, index)
	core.saveproto(core.newproto(bin), index)
end

function loader.load(index)
	return sproto.sharenew(core.loadproto(index))
end

return loader
