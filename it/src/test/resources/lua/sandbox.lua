-- Tries to leave the sandbox; Java checks that every attempt fails.
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"

local function fails(f, ...)
	local ok, err = pcall(f, ...)
	return not ok, tostring(err)
end

local CMD = {}

function CMD.probe()
	local r = {}
	r.luajava = luajava == nil
	r.require_java = fails(require, "java.lang.System")
	r.require_luajava = fails(require, "luajava")
	r.os_execute = os.execute == nil
	r.os_exit = os.exit == nil
	r.os_getenv = os.getenv == nil
	-- a service's own io.write, set before it first used io, stays when io is made
	local own_write = function() end
	io.write = own_write
	r.io_popen = io.popen == nil
	r.io_own_write_kept = io.write == own_write
	local f, err = io.open("/etc/passwd", "r")
	r.io_open = f == nil and err:find("not allowed") ~= nil
	r.dofile = fails(dofile, "/etc/passwd")
	r.string_meta = fails(function() getmetatable("").__index.upper = function() return "hacked" end end)
	r.string_meta_raw = fails(function() rawset(getmetatable(""), "__index", {}) end)
	r.string_still_works = ("abc"):upper() == "ABC"
	-- a binary chunk never loads; under LuaJC string.dump itself refuses (nothing to dump)
	local dumped, chunk = pcall(string.dump, function() end)
	r.binary_load = load(dumped and chunk or "\27Lua", nil, "b") == nil
	r.dump_of_java = not pcall(string.dump, print)
	r.debug_getinfo = debug.getinfo == nil
	r.debug_sethook = debug.sethook == nil
	r.collect = collectgarbage("collect") == 0
	r.text_load = load("return 1 + 1")() == 2
	return r
end

foreign.dispatch(CMD)
skynet.start(function() end)
