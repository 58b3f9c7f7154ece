-- pyskynet.foreign for Skyloom: commands that Java (or any service) calls with the
-- foreign protocol, and calls from Lua to Java ('.java' or '.python') or any service.
local skynet = require "skynet"
local c = require "skynet.core"

local foreign = {}
foreign.PTYPE_FOREIGN_REMOTE = skynet.PTYPE_FOREIGN_REMOTE
foreign.PTYPE_FOREIGN = skynet.PTYPE_FOREIGN

local function command_table()
	return setmetatable({}, {
		__call = function(t, cmd, ...)
			local f = t[cmd]
			if not f then
				error("foreign command " .. tostring(cmd) .. " not found", 2)
			end
			return f(...)
		end,
	})
end

foreign.CMD = command_table()

-- foreign.dispatch("cmd", func), foreign.dispatch({cmd = func, ...}) or
-- foreign.dispatch(func), where func(cmd, ...) takes every command.
function foreign.dispatch(cmd, func)
	if func then
		foreign.CMD[cmd] = func
	elseif type(cmd) == "table" then
		for k, v in pairs(cmd) do
			foreign.CMD[k] = v
		end
	elseif type(cmd) == "function" then
		foreign.CMD = cmd
	else
		error("foreign.dispatch takes (name, func), a table of functions, or one function")
	end
end

skynet.dispatch("foreign", function(session, source, ...)
	if session ~= 0 then
		skynet.ret(c.fpack(foreign.CMD(...)))
	else
		foreign.CMD(...)
	end
end)

function foreign.call(addr, ...)
	return c.funpack(c.call(addr, skynet.PTYPE_FOREIGN, c.fpack(...)))
end

-- Foreign values as the bytes PTYPE_FOREIGN_REMOTE carries between processes (Kryo).
foreign.remotepack = c.remotepack
foreign.remoteunpack = c.remoteunpack

function foreign.send(addr, ...)
	return c.send(addr, skynet.PTYPE_FOREIGN, c.fpack(...))
end

return foreign
