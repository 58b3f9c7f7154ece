-- Required in the main chunk of svc_modules: its init waits for skynet.start.
local skynet = require "skynet"
REQ_LOG[#REQ_LOG + 1] = "a.main"
skynet.init(function()
	REQ_LOG[#REQ_LOG + 1] = "a.init"
end)
return { name = "a" }
