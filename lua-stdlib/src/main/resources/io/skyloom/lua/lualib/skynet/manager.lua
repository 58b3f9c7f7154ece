-- skynet.manager: naming and life-cycle helpers on top of skynet.
local skynet = require "skynet"

function skynet.launch()
	error("skynet.launch starts C services, which Skyloom does not have: use skynet.newservice")
end

skynet.register = skynet.register
skynet.name = skynet.name

function skynet.forward_type()
	error("skynet.forward_type is not supported by Skyloom")
end

function skynet.filter()
	error("skynet.filter is not supported by Skyloom")
end

function skynet.monitor()
	error("skynet.monitor is not supported by Skyloom")
end

return skynet
