-- sharetabled: the names of skynet.sharetable, each bound to its current version of
-- frozen data (skyloom.shared). A query hands out that version by reference; a reload
-- binds a new one, and services move to it only when they call sharetable.update.
local skynet = require "skynet"
local shared = require "skyloom.shared"

local files = {}   -- name -> frozen data userdata
local CMD = {}

local function run(chunk, err, ...)
	assert(chunk, err)
	local t = chunk(...)
	assert(type(t) == "table", "sharetable: the source must return a table")
	return t
end

function CMD.loadfile(filename, ...)
	files[filename] = shared.freeze(run(loadfile(filename, "t"), nil, ...))
end

function CMD.loadstring(filename, source, ...)
	files[filename] = shared.freeze(run(load(source, "=" .. filename, "t"), nil, ...))
end

function CMD.loadtable(filename, tbl)
	files[filename] = shared.freeze(tbl)
end

function CMD.query(filename)
	return files[filename]
end

function CMD.queryall(names)
	local out = {}
	if names then
		for _, name in ipairs(names) do out[name] = files[name] end
	else
		for name, data in pairs(files) do out[name] = data end
	end
	return out
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		local f = CMD[cmd]
		if not f then error("sharetabled: unknown command " .. tostring(cmd)) end
		skynet.retpack(f(...))
	end)
end)
