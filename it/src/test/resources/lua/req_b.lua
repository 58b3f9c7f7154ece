-- Required by skynet.require during a message: its init runs before require returns,
-- and requires req_c, whose init runs inside it.
local skynet = require "skynet"
REQ_LOG[#REQ_LOG + 1] = "b.main"
skynet.init(function()
	REQ_LOG[#REQ_LOG + 1] = "b.init"
	local c = skynet.require "req_c"
	REQ_LOG[#REQ_LOG + 1] = "b.init got " .. c.name
end)
return { name = "b" }
