-- socketchannel clients of the Java servers of SocketChannelTest.
local skynet = require "skynet"
local socketchannel = require "skynet.socketchannel"
local foreign = require "pyskynet.foreign"

local function line_response(sock)
	local l = sock:readline("\n")
	return l:sub(1, 1) == "+", l:sub(2)
end

local function together(n, body)
	local me, left, results = coroutine.running(), n, {}
	for i = 1, n do
		skynet.fork(function()
			local ok, r = pcall(body, i)
			results[i] = ok and r or ("failed: " .. tostring(r))
			left = left - 1
			if left == 0 then skynet.wakeup(me) end
		end)
	end
	skynet.wait(me)
	return results
end

-- order mode with auth: n concurrent GETs, then a request the server drops the
-- connection on (an error to its caller), then one more GET, which reconnects
foreign.dispatch("order", function(port, n)
	local ch = socketchannel.channel {
		host = "127.0.0.1",
		port = port,
		nodelay = true,
		auth = function(self)
			local ok, why = pcall(self.request, self, "AUTH secret\n", line_response)
			assert(ok and why == "OK", "auth: " .. tostring(why))
		end,
	}
	ch:connect(true)
	local got = together(n, function(i)
		return ch:request("GET k" .. i .. "\n", line_response)
	end)
	-- a request in parts (padding), and a response in parts (a third value true: more follow)
	local padded = ch:request("GET ", line_response, { "pa", "d\n" })
	local parts = ch:request("MULTI\n", function(sock)
		local ok, l = line_response(sock)
		return ok, l, l ~= "last"
	end)
	got[#got + 1] = padded
	got[#got + 1] = table.concat(parts, "+")
	local dropped, err = pcall(ch.request, ch, "DROP\n", line_response)
	local again = ch:request("GET after\n", line_response)
	ch:close()
	return table.concat(got, ","), dropped, err == socketchannel.error, again
end)

-- session mode: answers come in any order, each to the request with its session
foreign.dispatch("session", function(port, n)
	local ch = socketchannel.channel {
		host = "127.0.0.1",
		port = port,
		response = function(sock)
			local l = sock:readline()
			local session, rest = l:match("^(%d+) (.*)$")
			return tonumber(session), true, rest
		end,
	}
	local got = together(n, function(i)
		return ch:request(i .. " p" .. i .. "\n", i)
	end)
	ch:close()
	return table.concat(got, ",")
end)

skynet.start(function() end)
