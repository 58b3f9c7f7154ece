-- skynet.harbor for Skyloom: global names and node liveness across the harbor (the
-- nodes of one transport folder). There is no master node: every node reads the
-- others' heartbeats, so linkmaster waits for this node's own end.
local skynet = require "skynet"
local c = require "skynet.core"

local harbor = {}

-- Binds a global name (no leading dot) to handle, or to this service.
function harbor.globalname(name, handle)
	c.name(name, handle or skynet.self())
end

-- The handle of a global name, waiting until some node binds it (as skynet's does).
function harbor.queryname(name)
	local h = c.query(name)
	while not h do
		skynet.sleep(1)
		h = c.query(name)
	end
	return h
end

-- Returns when node id goes down (at once if it is down now).
function harbor.link(id)
	while c.reachable(id) do
		skynet.sleep(1)
	end
end

-- Returns when node id is up (at once if it is up now).
function harbor.connect(id)
	while not c.reachable(id) do
		skynet.sleep(1)
	end
end

-- skynet returns when the master goes down; Skyloom's harbor has no master.
function harbor.linkmaster()
	skynet.wait()
end

return harbor
