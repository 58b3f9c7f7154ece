-- bench_httpd: a minimal HTTP server in skynet's simpleweb pattern, for the httpd
-- benchmark of bench_main. The listener hands each connection to one of its agents
-- (this same file), which answers GET /hello with "hello" and keeps the connection
-- alive until the client closes it. GET /start and GET /stop mark the timed part: the
-- listener answers bench_main's "await" with the requests served so far at each mark.
-- skynet's API only (skynet.socket, http.httpd, http.sockethelper), Lua 5.2 syntax.
local skynet = require "skynet"
local socket = require "skynet.socket"
local httpd = require "http.httpd"
local sockethelper = require "http.sockethelper"

local mode, arg = ...

if mode == "agent" then

local listener = tonumber(arg)
local served = 0

local function serve(id)
	socket.start(id)
	local read, write = sockethelper.readfunc(id), sockethelper.writefunc(id)
	while true do
		local code, url = httpd.read_request(read, 8192)
		if code ~= 200 then
			if code then
				httpd.write_response(write, code)
			end
			break
		end
		served = served + 1
		if url == "/start" or url == "/stop" then
			skynet.call(listener, "lua", "mark", string.sub(url, 2))
		end
		if not httpd.write_response(write, 200, "hello") then
			break
		end
	end
	socket.close(id)
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, id)
		if cmd == "conn" then
			serve(id)
		else
			skynet.ret(skynet.pack(served))
		end
	end)
end)

else

local agents = {}
local marks, waiting = {}, {}
local port

local function total()
	local n = 0
	for i = 1, #agents do
		n = n + skynet.call(agents[i], "lua", "count")
	end
	return n
end

skynet.start(function()
	local n = tonumber(arg) or 4
	for i = 1, n do
		agents[i] = skynet.newservice(SERVICE_NAME, "agent", skynet.self())
	end
	local balance = 1
	local id
	id, _, port = socket.listen("127.0.0.1", 0)
	socket.start(id, function(fd, addr)
		skynet.send(agents[balance], "lua", "conn", fd)
		balance = balance % #agents + 1
	end)
	skynet.dispatch("lua", function(session, source, cmd, what)
		if cmd == "port" then
			skynet.ret(skynet.pack(port))
		elseif cmd == "mark" then
			marks[what] = total()
			local w = waiting[what]
			if w then
				waiting[what] = nil
				w(true, marks[what])
			end
			skynet.ret(skynet.pack(true))
		elseif cmd == "await" then
			if marks[what] then
				skynet.ret(skynet.pack(marks[what]))
			else
				waiting[what] = skynet.response()
			end
		end
	end)
end)

end
