-- Takes a while to load: two tasks requiring it at once load it once.
local skynet = require "skynet"
REQ_SLOW_RUNS = (REQ_SLOW_RUNS or 0) + 1
skynet.sleep(2)
return { name = "slow" }
