local skynet = require "skynet"
local foreign = require "pyskynet.foreign"

local count = 0
foreign.dispatch("echo", function(...) return ... end)
foreign.dispatch("add", function() count = count + 1 end)
foreign.dispatch("count", function() local c = count count = 0 return c end)

skynet.start(function() end)
