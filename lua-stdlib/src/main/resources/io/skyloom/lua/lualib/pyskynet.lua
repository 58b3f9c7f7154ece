-- pyskynet's Lua module for Skyloom: the same names, so pyskynet scripts run unchanged.
local skynet = require "skynet"
local c = require "skynet.core"
local foreign = require "pyskynet.foreign"

local pyskynet = {}
pyskynet.foreign = foreign
pyskynet.start = skynet.start

pyskynet.PTYPE_TEXT = skynet.PTYPE_TEXT
pyskynet.PTYPE_CLIENT = skynet.PTYPE_CLIENT
pyskynet.PTYPE_SOCKET = skynet.PTYPE_SOCKET
pyskynet.PTYPE_LUA = skynet.PTYPE_LUA
pyskynet.PTYPE_FOREIGN_REMOTE = skynet.PTYPE_FOREIGN_REMOTE
pyskynet.PTYPE_FOREIGN = skynet.PTYPE_FOREIGN

pyskynet.rawcall = skynet.rawcall
pyskynet.rawsend = skynet.rawsend
pyskynet.ret = skynet.ret
pyskynet.self = skynet.self
pyskynet.getenv = skynet.getenv
pyskynet.setenv = skynet.setenv
pyskynet.newservice = skynet.newservice
pyskynet.uniqueservice = skynet.uniqueservice

function pyskynet.scriptservice(script, ...)
	return c.scriptservice(script, ...)
end

return pyskynet
