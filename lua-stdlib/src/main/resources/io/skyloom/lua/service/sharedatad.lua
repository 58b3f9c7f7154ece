-- sharedatad: the names of skynet.sharedata. Each name holds a root (skyloom.shared)
-- whose data is frozen Java data shared by reference; every service's box of it reads
-- the root's current version, so an update reaches every box without a message.
local skynet = require "skynet"
local shared = require "skyloom.shared"

local pool = {}   -- name -> root userdata
local CMD = {}

-- A table as is; a string is Lua code (or "@file" on the Lua and service paths) run with
-- an environment table whose globals become the data, unless it returns a table; nil: {}.
local function value_of(name, t, ...)
	local dt = type(t)
	if dt == "table" then
		return t
	elseif dt == "nil" then
		return {}
	elseif dt ~= "string" then
		error("Unknown data type " .. dt)
	end
	local env = setmetatable({}, { __index = _G })
	local f, err
	if t:sub(1, 1) == "@" then
		f, err = loadfile(t:sub(2), "t", env)
	else
		f, err = load(t, "=" .. name, "t", env)
	end
	assert(f, err)
	local ret = f(...)
	setmetatable(env, nil)
	if type(ret) == "table" then
		return ret
	end
	return env
end

function CMD.new(name, t, ...)
	assert(type(name) == "string", "sharedata.new: the name must be a string")
	assert(pool[name] == nil, "sharedata.new: " .. name .. " exists already (use sharedata.update)")
	pool[name] = shared.root(shared.freeze(value_of(name, t, ...)))
end

function CMD.update(name, t, ...)
	local frozen = shared.freeze(value_of(name, t, ...))
	local root = pool[name]
	if root then
		shared.set(root, frozen)   -- every box moves to the new version at its next read
	else
		pool[name] = shared.root(frozen)
	end
end

function CMD.delete(name)
	local root = assert(pool[name], name)
	pool[name] = nil
	shared.retire(root)   -- boxes keep the last version, as skynet's do; queries ask afresh
end

function CMD.query(name)
	return assert(pool[name], name)
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		local f = CMD[cmd]
		if not f then error("sharedatad: unknown command " .. tostring(cmd)) end
		skynet.retpack(f(...))
	end)
end)
