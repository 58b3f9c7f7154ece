-- http.httpc and http.websocket.connect driven by a test through foreign calls.
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"
local httpc = require "http.httpc"
local websocket = require "http.websocket"

foreign.dispatch("get", function(host, url, timeout)
	httpc.timeout = timeout
	local header = {}
	local ok, code, body = pcall(httpc.get, host, url, header)
	httpc.timeout = nil
	if not ok then
		return false, tostring(code)
	end
	return code, body, header["content-type"] or "", header["transfer-encoding"] or ""
end)

foreign.dispatch("request", function(method, host, url, body, chunked)
	local header = { ["x-test"] = "yes" }
	local content = body
	if chunked then
		-- the body as a function: sent in pieces of 1000 bytes, chunked
		local pos = 1
		content = function()
			if pos > #body then return nil end
			local piece = body:sub(pos, pos + 999)
			pos = pos + 1000
			return piece
		end
	end
	local code, rbody = httpc.request(method, host, url, nil, header, content)
	return code, rbody
end)

foreign.dispatch("post", function(host, url, k1, v1, k2, v2)
	return httpc.post(host, url, { [k1] = v1, [k2] = v2 })
end)

foreign.dispatch("head", function(host, url)
	local header = {}
	local code = httpc.head(host, url, header)
	return code, header["content-type"]
end)

foreign.dispatch("stream", function(host, url)
	local parts, status = {}, nil
	for part, stream in httpc.request_stream("GET", host, url) do
		status = stream.status
		parts[#parts + 1] = part
	end
	return status, #parts, table.concat(parts)
end)

-- A websocket session against the Lua server: echoes of text and binary (one over
-- 64 KiB, for the 8-byte length form), a ping the client sends, a ping the server
-- sends ("ping-me"), then a close from the client.
foreign.dispatch("ws", function(url)
	local id = websocket.connect(url, nil, 500)
	local got = {}
	websocket.write(id, "hello")
	got[#got + 1] = websocket.read(id)
	local big = string.rep("\0\1\2\255", 20000)
	websocket.write(id, big, "binary")
	local echo, kind = websocket.read(id)
	got[#got + 1] = kind .. " " .. #echo .. " " .. tostring(echo == big)
	websocket.ping(id)
	websocket.write(id, "ping-me")
	got[#got + 1] = websocket.read(id)        -- "got pong": the server's ping was answered
	websocket.close(id, 1000, "bye")
	got[#got + 1] = tostring(websocket.is_close(id))
	return got
end)

-- The server closes: read returns false, the reason and the code.
foreign.dispatch("ws_closed_by_server", function(url)
	local id = websocket.connect(url)
	websocket.write(id, "close-me")
	local data, reason, code = websocket.read(id)
	return tostring(data), reason, code
end)

skynet.start(function() end)
