-- skynet's debug console for Skyloom: skynet.newservice("debug_console", port) or
-- ("debug_console", ip, port) listens (on 127.0.0.1 unless told an address), and every
-- connection gets a welcome line and runs one command per line (help lists them):
-- `nc 127.0.0.1 8000`. A command's result ends with <CMD OK>, a failure with
-- <CMD Error>; either way the console goes on. A line "GET /cmd/arg HTTP/1.x" (or a
-- POST with the command as its body) runs one command and closes, as skynet's does.
-- The commands are skyloom.console's, shared with the REPL.
local skynet = require "skynet"
local socket = require "skynet.socket"
local console = require "skyloom.console"

local arg = table.pack(...)
if arg.n < 1 or arg.n > 2 then
	error("debug_console takes a port, or an address and a port, not " .. arg.n .. " arguments")
end
local ip = arg.n == 2 and tostring(arg[1]) or "127.0.0.1"
local port = tonumber(arg[arg.n])
if port == nil then error("debug_console: the port is a number, not " .. tostring(arg[arg.n])) end

local function docmd(cmdline, print)
	if not console.is_command(cmdline) then
		print("Invalid command, type help for command list")
		return
	end
	local ok = console.run(cmdline, print)
	print(ok and "<CMD OK>" or "<CMD Error>")
end

-- An HTTP request's headers up to the blank line; returns its Content-Length.
local function read_headers(id)
	local length = 0
	while true do
		local line = socket.readline(id, "\n")
		if not line then return nil end
		line = line:gsub("\r$", "")
		if line == "" then return length end
		local n = line:match("^[Cc]ontent%-[Ll]ength:%s*(%d+)")
		if n then length = tonumber(n) end
	end
end

local function http(id, print, method, target)
	local length = read_headers(id)
	if length == nil then return end
	local cmdline
	if method == "GET" then
		cmdline = target:sub(2):gsub("/", " ")
	else
		cmdline = length > 0 and socket.read(id, length) or ""
	end
	docmd(cmdline or "", print)
end

local function main_loop(id, print, addr)
	print("Welcome to skynet console")
	skynet.error(addr, "connected")
	local ok, err = pcall(function()
		while true do
			local cmdline = socket.readline(id, "\n")
			if not cmdline then break end
			cmdline = cmdline:gsub("\r$", "")
			local method, target = cmdline:match("^(%u+) (%S+) HTTP/%d")
			if method == "GET" or method == "POST" then
				http(id, print, method, target)
				break
			end
			if cmdline:find("%S") then docmd(cmdline, print) end
		end
	end)
	if not ok then skynet.error(addr, err) end
	skynet.error(addr, "disconnect")
	pcall(socket.close, id)   -- fails only when the node is closing, which closes it anyway
end

skynet.start(function()
	local ok, listen_id, bound_ip, bound_port = pcall(socket.listen, ip, port)
	if not ok then
		-- the driver's reason alone, without the socket module's position and prefix
		local why = (tostring(listen_id):gsub("^[^\n]-:%d+: ", ""))
		why = why:gsub("^socket[%w%.]*: ", "")
		error(string.format("debug_console: cannot listen on %s:%s: %s", ip, tostring(port), why), 0)
	end
	skynet.error("Start debug console at " .. tostring(bound_ip) .. ":" .. tostring(bound_port))
	socket.start(listen_id, function(id, addr)
		local function print(...)
			local t = table.pack(...)
			for i = 1, t.n do t[i] = tostring(t[i]) end
			socket.write(id, table.concat(t, "\t", 1, t.n) .. "\n")
		end
		socket.start(id)
		skynet.fork(main_loop, id, print, addr)
	end)
end)
