-- A service of skynet.service: it waits for its code, then runs it as a service's main
-- function, with skynet.start deferred until the code has run, as skynet's cell does.
local skynet = require "skynet"
local code = require "skyloom.code"

local service_name = ...
local init = {}

function init.init(fcode, ...)
	local start_func
	skynet.start = function(f)
		start_func = f
	end
	skynet.dispatch("lua", function()
		error("No dispatch function")
	end)
	local mainfunc = code.load(fcode)
	mainfunc(...)
	if start_func then
		start_func()
	end
	skynet.ret()
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		local f = init[cmd]
		if not f then
			error(string.format("service %s: no dispatch function for %s", tostring(service_name), tostring(cmd)))
		end
		f(...)
	end)
end)
