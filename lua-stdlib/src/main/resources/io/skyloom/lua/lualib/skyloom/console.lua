-- The debug console's commands (skynet's debug_console), shared by the debug_console
-- service and the REPL: console.run(cmdline, print) runs one command line and prints
-- what it returns as skynet's console does (one "key<TAB>value" line per entry, sorted).
-- Everything goes through the debug protocol and skynet's API: a command can do nothing
-- the service running it could not.
local skynet = require "skynet"
local c = require "skynet.core"

local console = {}
local COMMAND = {}    -- name -> function(args...)
local COMMANDX = {}   -- name -> function(words, cmdline): commands that read the raw line
console.COMMAND = COMMAND

local TIMEOUT = 300   -- ticks (3 s) a stat or mem waits for each service, as skynet's

-- A command's own error: shown as the message alone, without this file's position
-- (LuaJ adds one even for error(msg, 0)).
local FAILED = {}
local function fail(msg)
	error(setmetatable({ msg = msg }, FAILED))
end

local function sorted_keys(t)
	local index = {}
	for k in pairs(t) do index[#index + 1] = k end
	table.sort(index, function(a, b) return tostring(a) < tostring(b) end)
	return index
end

local function format_table(t)
	local out = {}
	for _, k in ipairs(sorted_keys(t)) do
		out[#out + 1] = string.format("%s:%s", tostring(k), tostring(t[k]))
	end
	return table.concat(out, "\t")
end

local function dump_list(print, list)
	for _, k in ipairs(sorted_keys(list)) do
		local v = list[k]
		print(k, type(v) == "table" and format_table(v) or tostring(v))
	end
end

-- ":0000000a", ".name", or a bare hex number of this node (as skynet's console reads them).
local function adjust_address(address)
	if type(address) ~= "string" then fail("need an address (:0000000a, .name or hex)") end
	local prefix = address:sub(1, 1)
	if prefix == "." then
		return skynet.localname(address) or fail("no service named " .. address)
	elseif prefix == ":" then
		local h = tonumber(address:sub(2), 16)
		return h or fail("not an address: " .. address)
	end
	local h = tonumber(address, 16)
	if not h then fail("not an address: " .. address) end
	return h + bit32.band(skynet.self(), 0xff000000)
end
console.adjust_address = adjust_address

local function timeout(ti)
	if ti == nil then return TIMEOUT end
	ti = tonumber(ti)
	if ti == nil then fail("the timeout is a number of ticks") end
	return ti > 0 and ti or nil
end

-- Asks every live service `cmd` over the debug protocol at once; each answer (or
-- "ERROR", or "TIMEOUT" after ti ticks) goes through fmt(answer, what it runs).
local function each_service(ti, cmd, fmt)
	local services = c.services()
	local list, pending, waiting = {}, 0, true
	local me = coroutine.running()
	for addr, what in pairs(services) do
		pending = pending + 1
		skynet.fork(function()
			local ok, r = pcall(skynet.call, addr, "debug", cmd)
			if list[addr] == nil then list[addr] = fmt(ok and r or "ERROR", what) end
			pending = pending - 1
			if pending == 0 and waiting then skynet.wakeup(me) end
		end)
	end
	if pending > 0 then
		if ti then
			skynet.timeout(ti, function()
				if waiting then skynet.wakeup(me) end
			end)
		end
		skynet.wait(me)
	end
	waiting = false
	for addr, what in pairs(services) do
		if list[addr] == nil then list[addr] = fmt("TIMEOUT", what) end
	end
	return list
end

function COMMAND.help()
	return {
		help = "This help message",
		list = "List all the service",
		stat = "Dump all stats",
		info = "info address : get service infomation",
		exit = "exit address : kill a lua service",
		kill = "kill address : kill service",
		mem = "mem : show memory status",
		gc = "gc : force every lua service do garbage collect",
		start = "lanuch a new lua service",
		log = "launch a new lua service with log",
		service = "List unique service",
		task = "task address : show service task detail",
		inject = "inject address luascript.lua (a file the node's file_access allows)",
		ping = "ping address",
		call = "call address ...",
		trace = "trace address [proto] [on|off]",
		netstat = "netstat : show netstat",
		dbgcmd = "run address debug command",
		getenv = "getenv name : skynet.getenv(name)",
		setenv = "setenv name value: skynet.setenv(name,value)",
	}
end

function COMMAND.list()
	return c.services()
end

function COMMAND.stat(ti)
	return each_service(timeout(ti), "STAT", function(v) return v end)
end

function COMMAND.mem(ti)
	return each_service(timeout(ti), "MEM", function(kb, what)
		if type(kb) == "number" then return string.format("%.2f Kb (%s)", kb, what) end
		return string.format("%s (%s)", tostring(kb), what)
	end)
end

function COMMAND.gc(ti)
	for addr in pairs(c.services()) do
		skynet.send(addr, "debug", "GC")
	end
	return COMMAND.mem(ti)
end

function COMMAND.kill(address)
	local h = adjust_address(address)
	local what = c.services()[skynet.address(h)]
	if what == nil then fail("no service " .. skynet.address(h)) end
	skynet.kill(h)
	return { [skynet.address(h)] = what }
end

function COMMAND.exit(address)
	skynet.send(adjust_address(address), "debug", "EXIT")
end

local function start(...)
	local ok, addr = pcall(skynet.newservice, ...)
	if not ok then return nil, "Failed: " .. tostring(addr) end
	return addr
end

function COMMAND.start(name, ...)
	if name == nil then fail("start needs a service name") end
	local addr, err = start(name, ...)
	if not addr then return err end
	return { [skynet.address(addr)] = table.concat({ name, ... }, " ") }
end

-- skynet logs a service's messages to a file; Skyloom traces them to the node's log.
function COMMAND.log(name, ...)
	if name == nil then fail("log needs a service name") end
	local addr, err = start(name, ...)
	if not addr then return err end
	skynet.call(addr, "debug", "TRACELOG", "lua", true)
	return { [skynet.address(addr)] = table.concat({ name, ... }, " ") }
end

function COMMAND.service()
	return c.uniqueservices()
end

function COMMAND.dbgcmd(address, cmd, ...)
	return skynet.call(adjust_address(address), "debug", cmd, ...)
end

function COMMAND.task(address)
	return COMMAND.dbgcmd(address, "TASK")
end

function COMMAND.info(address, ...)
	return COMMAND.dbgcmd(address, "INFO", ...)
end

function COMMAND.ping(address)
	local h = adjust_address(address)
	local ti = skynet.now()
	skynet.call(h, "debug", "PING")
	return tostring(skynet.now() - ti)
end

local function toboolean(x)
	return x == "true" or x == "on"
end

function COMMAND.trace(address, proto, flag)
	local h = adjust_address(address)
	if flag == nil then
		if proto == "on" or proto == "off" or proto == nil then
			proto, flag = "lua", proto == nil or toboolean(proto)
		end
	else
		flag = toboolean(flag)
	end
	skynet.call(h, "debug", "TRACELOG", proto, flag)
end

-- The file is read with this service's io.open, which reaches only the node's
-- file_access folders; the chunk runs in the target's own sandbox.
function COMMAND.inject(address, filename, ...)
	local h = adjust_address(address)
	if filename == nil then fail("inject needs a file name") end
	local f, why = io.open(filename, "rb")
	if not f then return "Can't open " .. filename .. ": " .. tostring(why) end
	local source = f:read "*a"
	f:close()
	local ok, output = skynet.call(h, "debug", "RUN", source, filename, ...)
	if ok == false then fail(output) end
	return output
end

-- Sizes as skynet's console writes them: bytes, then K and M.
local function bytes(size)
	if size == nil or size == 0 then return nil end
	if size < 1024 then return size end
	if size < 1024 * 1024 then return tostring(size / 1024) .. "K" end
	return tostring(size / (1024 * 1024)) .. "M"
end

-- How long ago tick t was: "1.5s", or "[h:]m:s" past a minute.
local function ago(t, now)
	if t == nil then return nil end
	t = now - t
	if t < 6000 then return tostring(t / 100) .. "s" end
	local hour = math.floor(t / 360000)
	t = t - hour * 360000
	local min = math.floor(t / 6000)
	return string.format("%s%d:%.2gs", hour == 0 and "" or (hour .. ":"), min, (t - min * 6000) / 100)
end

function COMMAND.netstat()
	local ok, socket = pcall(require, "skynet.socket")
	if not ok or socket.netstat == nil then return "netstat needs skynet.socket, which this build lacks" end
	local stat, now = socket.netstat(), skynet.now()
	for _, info in ipairs(stat) do
		info.address = info.address and skynet.address(info.address)
		info.read, info.write, info.wbuffer = bytes(info.read), bytes(info.write), bytes(info.wbuffer)
		info.rtime, info.wtime = ago(info.rtime, now), ago(info.wtime, now)
	end
	return stat
end

function COMMAND.getenv(name)
	return { [name] = tostring(skynet.getenv(name)) }
end

function COMMAND.setenv(name, value)
	skynet.setenv(name, value)
end

-- call address args...: the arguments are Lua values, read as an expression list in an
-- empty environment (no globals), as skynet's console reads them.
function COMMANDX.call(words, cmdline)
	local h = adjust_address(words[2])
	local args = cmdline:match("^%s*%S+%s+%S+%s+(.+)$")
	if not args then fail("call needs arguments: call address cmd, ...") end
	local f, err = load("return " .. args, "=debug console", "t", {})
	if not f then fail("invalid arguments: " .. err) end
	local packed = table.pack(pcall(f))
	if not packed[1] then fail(packed[2]) end
	return table.pack(skynet.call(h, "lua", table.unpack(packed, 2, packed.n)))
end

local function split(cmdline)
	local words = {}
	for w in cmdline:gmatch("%S+") do words[#words + 1] = w end
	return words
end

-- True when the line's first word names a command.
function console.is_command(cmdline)
	local first = cmdline:match("^%s*(%S+)")
	return first ~= nil and (COMMAND[first] ~= nil or COMMANDX[first] ~= nil)
end

-- Runs one command line; prints its result with print(...). Returns true, or false
-- and the error message (printed too).
function console.run(cmdline, print)
	local words = split(cmdline)
	local name = words[1]
	local ok, result
	if COMMAND[name] then
		ok, result = pcall(COMMAND[name], table.unpack(words, 2))
	elseif COMMANDX[name] then
		ok, result = pcall(COMMANDX[name], words, cmdline)
	else
		print("Invalid command, type help for command list")
		return false, "Invalid command"
	end
	if not ok then
		if getmetatable(result) == FAILED then result = result.msg end
		print(tostring(result))
		return false, result
	end
	if type(result) == "table" then
		dump_list(print, result)
	elseif result ~= nil then
		print(tostring(result))
	end
	return true
end

return console
