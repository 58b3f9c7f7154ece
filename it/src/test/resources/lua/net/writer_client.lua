-- Writes much more than a peer reads: the writes never block the service, and
-- socket.warning reports the pending bytes (then 0 once they are all out).
local skynet = require "skynet"
local socket = require "skynet.socket"
local foreign = require "pyskynet.foreign"

local warnings = {}
local id

foreign.dispatch("flood", function(port, mib)
	id = assert(socket.open("127.0.0.1", port))
	socket.warning(id, function(_, size)
		warnings[#warnings + 1] = size
	end)
	local chunk = string.rep("w", 64 * 1024)
	for _ = 1, mib * 16 do
		assert(socket.write(id, chunk))
	end
	return true
end)

foreign.dispatch("warnings", function()
	return table.concat(warnings, ",")
end)

-- the service still answers while its writes wait
foreign.dispatch("ping", function() return "pong" end)

skynet.start(function() end)
