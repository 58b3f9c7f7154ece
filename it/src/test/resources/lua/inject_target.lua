-- A service whose command table skynet.inject reaches through the lua dispatch function.
local skynet = require "skynet"
local inject = require "skynet.inject"

local command = {}

function command.get()
	return "original"
end

function command.inject(source)
	return inject(skynet, source, nil, { n = 1, "arg1" }, skynet.register_protocol)
end

skynet.start(function()
	skynet.dispatch("lua", function(_, _, cmd, ...)
		skynet.retpack(command[cmd](...))
	end)
end)
