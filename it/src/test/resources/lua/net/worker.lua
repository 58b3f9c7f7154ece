-- Takes over connections another service abandoned to it and answers each line.
local skynet = require "skynet"
local socket = require "skynet.socket"

local function serve(id)
	while true do
		local line = socket.readline(id)
		if not line then
			break
		end
		socket.write(id, "worker:" .. line .. "\n")
	end
	socket.close(id)
end

skynet.start(function()
	skynet.dispatch("lua", function(session, _, cmd, id)
		assert(cmd == "take")
		assert(socket.start(id), "could not start the abandoned socket")
		skynet.fork(serve, id)
		if session ~= 0 then skynet.retpack(true) end
	end)
end)
