-- A snax service for SkynetServiceModulesTest: a counter with state in an upvalue.
local skynet = require "skynet"
local snax = require "skynet.snax"

local total = 0

function init(start)
	total = start or 0
end

function exit(why)
	skynet.setenv("snax_exit_" .. skynet.self(), tostring(why))
end

function accept.add(n)
	total = total + n
end

function accept.quit()
	snax.exit("quit")
end

function response.get()
	return total
end

function response.who()
	local me = snax.self()
	return SERVICE_NAME, me.type, me.handle == skynet.self()
end

function response.fail()
	error("counter failed")
end
