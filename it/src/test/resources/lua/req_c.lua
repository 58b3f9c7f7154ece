local skynet = require "skynet"
REQ_LOG[#REQ_LOG + 1] = "c.main"
skynet.init(function()
	REQ_LOG[#REQ_LOG + 1] = "c.init"
end)
return { name = "c" }
