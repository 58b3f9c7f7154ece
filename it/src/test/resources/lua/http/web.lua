-- skynet's simpleweb pattern: this service listens and hands each connection to one of
-- its agents (started from this same file), which serves requests on it with keep-alive
-- until the client closes, or upgrades it to a websocket at /ws.
--   web.lua [agents [timeout [protocol]]]   the listener (timeout: httpd.timeout of the
--                                           agents; protocol "https": TLS with the env's
--                                           certfile and keyfile, and wss)
--   web.lua agent [timeout [protocol]]      an agent
local skynet = require "skynet"
local socket = require "skynet.socket"
local httpd = require "http.httpd"
local sockethelper = require "http.sockethelper"
local urllib = require "http.url"
local websocket = require "http.websocket"
local crypt = require "skynet.crypt"

local BODY_LIMIT = 8 * 1024 * 1024

local mode, arg2, arg3 = ...

if mode == "agent" then

httpd.timeout = tonumber(arg2)
local protocol = arg3 ~= "" and arg3 or "http"
local tls, SSLCTX_SERVER
if protocol == "https" then
	tls = require "http.tlshelper"
end

-- skynet's simpleweb gen_interface: plain or TLS read and write functions for a socket
local function interface_of(id)
	if protocol ~= "https" then
		return { read = sockethelper.readfunc(id), write = sockethelper.writefunc(id) }
	end
	if not SSLCTX_SERVER then
		SSLCTX_SERVER = tls.newctx()
		SSLCTX_SERVER:set_cert(skynet.getenv("certfile"), skynet.getenv("keyfile"))
	end
	local session = tls.newtls("server", SSLCTX_SERVER)
	return {
		init = tls.init_responsefunc(id, session),
		close = tls.closefunc(session),
		read = tls.readfunc(id, session),
		write = tls.writefunc(id, session),
	}
end
local errors = {}          -- what this agent logged about bad connections, in order
local wsevents = {}        -- what the websocket handlers saw
local served = 0

local function log(id, addr, what)
	local line = string.format("http %s (socket %d): %s", tostring(addr), id, tostring(what))
	skynet.error(line)
	errors[#errors + 1] = line
end

local function sorted_query(query)
	local q = urllib.parse_query(query)
	local keys = {}
	for k in pairs(q) do keys[#keys + 1] = k end
	table.sort(keys)
	local out = {}
	for _, k in ipairs(keys) do
		local v = q[k]
		out[#out + 1] = k .. "=" .. (type(v) == "table" and table.concat(v, ",") or v)
	end
	return table.concat(out, "&")
end

local wshandle = {}
function wshandle.handshake(id, header, url)
	wsevents[#wsevents + 1] = "handshake " .. url
end
function wshandle.message(id, msg, kind)
	wsevents[#wsevents + 1] = kind .. " " .. #msg
	if msg == "close-me" then
		websocket.close(id, 4000, "asked to")
	elseif msg == "ping-me" then
		websocket.ping(id)
	else
		websocket.write(id, msg, kind)
	end
end
function wshandle.ping(id)
	wsevents[#wsevents + 1] = "ping"
end
function wshandle.pong(id)
	wsevents[#wsevents + 1] = "pong"
	websocket.write(id, "got pong")
end
function wshandle.close(id, code, reason)
	wsevents[#wsevents + 1] = "close " .. tostring(code) .. " " .. tostring(reason)
end
function wshandle.error(id, err)
	wsevents[#wsevents + 1] = "error " .. tostring(err)
end

-- status, body, header for one request; nreq counts the requests of this connection
local function route(id, nreq, method, path, query, header, body)
	if path == "/hello" then
		return 200, "hello " .. tostring(urllib.parse_query(query).name), { ["content-type"] = "text/plain" }
	elseif path == "/echo" then
		return 200, string.format("%s %s %s %s", method, path, sorted_query(query), body)
	elseif path == "/digest" then
		return 200, string.format("%d %s", #body, crypt.hexencode(crypt.sha1(body)))
	elseif path == "/conn" then
		return 200, string.format("socket %d request %d", id, nreq)
	elseif path == "/big" then
		local n = tonumber(urllib.parse_query(query).n) or 0
		return 200, string.rep("0123456789", math.floor(n / 10))
	elseif path == "/chunked" then
		local parts = tonumber(urllib.parse_query(query).parts) or 3
		local i = 0
		return 200, function()
			i = i + 1
			if i <= parts then
				return string.format("part %d;", i)
			end
		end
	end
	return 404, "no " .. path
end

local function serve(id, addr)
	local ok, err = socket.start(id)
	if not ok then
		log(id, addr, "start failed: " .. tostring(err))
		return
	end
	local interface = interface_of(id)
	if interface.init then
		local okinit, errinit = pcall(interface.init)
		if not okinit then
			log(id, addr, "tls handshake: " .. tostring(errinit))
			socket.close(id)
			return
		end
	end
	local read, write = interface.read, interface.write
	local nreq = 0
	while true do
		local code, url, method, header, body = httpd.read_request(read, BODY_LIMIT)
		if not code then
			if not method then   -- third result: the connection ended between requests
				log(id, addr, url)
			end
			break
		end
		if code ~= 200 then
			log(id, addr, code .. " " .. tostring(url))
			httpd.write_response(write, code, tostring(url) .. "\n", { connection = "close" })
			break
		end
		nreq = nreq + 1
		served = served + 1
		local path, query = urllib.parse(url)
		if path == "/ws" and protocol == "http" then
			local okw, errw = websocket.accept(id, wshandle, "ws", addr,
				{ upgrade = { header = header, method = method, url = url } })
			if not okw then
				wsevents[#wsevents + 1] = "accept failed " .. tostring(errw)
			end
			return
		end
		local status, rbody, rheader = route(id, nreq, method, path, query, header, body)
		local okw, errw = httpd.write_response(write, status, rbody, rheader)
		if not okw then
			log(id, addr, errw)
			break
		end
		if header.connection == "close" then
			break
		end
	end
	socket.close(id)
	if interface.close then
		interface.close()
	end
end

skynet.start(function()
	skynet.dispatch("lua", function(session, source, cmd, ...)
		if cmd == "conn" then
			serve(...)
		elseif cmd == "ws" then
			-- a plain websocket listener's connection: accept runs the handshake itself
			local id, addr = ...
			local okw, errw = websocket.accept(id, wshandle, protocol == "https" and "wss" or "ws", addr,
				{ timeout = httpd.timeout })
			if not okw then
				wsevents[#wsevents + 1] = "accept failed " .. tostring(errw)
			end
		elseif cmd == "report" then
			skynet.retpack(errors, wsevents, served)
		end
	end)
end)

else

local foreign = require "pyskynet.foreign"
local agents = {}
local nagents = tonumber(mode) or 4
local port, wsport

foreign.dispatch("ports", function() return port, wsport end)
-- every agent's logged errors, websocket events and requests served, merged
foreign.dispatch("report", function()
	local errors, events, served = {}, {}, 0
	for _, a in ipairs(agents) do
		local e, w, s = skynet.call(a, "lua", "report")
		for _, x in ipairs(e) do errors[#errors + 1] = x end
		for _, x in ipairs(w) do events[#events + 1] = x end
		served = served + s
	end
	return errors, events, served
end)

-- bytes the node's socket driver has read from the peer at 127.0.0.1:peerport
foreign.dispatch("read_from", function(peerport)
	for _, info in ipairs(socket.netstat()) do
		if info.peer == "127.0.0.1:" .. peerport then
			return info.read
		end
	end
	return 0
end)

local function listen(cmd)
	local balance = 1
	local id, _, p = socket.listen("127.0.0.1", 0)
	socket.start(id, function(fd, addr)
		local agent = agents[balance]
		balance = balance % #agents + 1
		skynet.send(agent, "lua", cmd, fd, addr)
	end)
	return p
end

skynet.start(function()
	for i = 1, nagents do
		agents[i] = skynet.newservice(SERVICE_NAME, "agent", arg2 or "", arg3 or "")
	end
	port = listen("conn")
	wsport = listen("ws")
end)

end
