-- skynet.mqueue for Skyloom (deprecated in skynet too, use skynet.queue): messages of the
-- "queue" protocol are handled by one function, one at a time, in arrival order.
-- mqueue.call raises the handler's error in the caller; a send whose handler fails or
-- returns something is logged, as skynet's is. skynet answers a queued call with a raw
-- response message; Skyloom lets only the request's own response answer, so each queued
-- call keeps its skynet.response() until the handler has run.
local skynet = require "skynet"

local mqueue = {}
local registered = false
local waiting_task
local queue = {}

skynet.register_protocol {
	name = "queue",
	id = skynet.PTYPE_QUEUE,
	pack = skynet.pack,
	unpack = skynet.unpack,
	dispatch = function(session, source, ...)
		queue[#queue + 1] = {
			session = session,
			source = source,
			response = session ~= 0 and skynet.response() or nil,
			n = select("#", ...),
			...
		}
		if waiting_task then
			local task = waiting_task
			waiting_task = nil
			skynet.wakeup(task)
		end
	end,
}

local function run(f, msg)
	if msg.response then
		msg.response(true, pcall(f, table.unpack(msg, 1, msg.n)))
		return
	end
	local ok, result = pcall(f, table.unpack(msg, 1, msg.n))
	if not ok then
		skynet.error(string.format("[%s] send a message to [%s] throw an error : %s",
			skynet.address(msg.source), skynet.address(skynet.self()), tostring(result)))
	elseif result then
		skynet.error(string.format("[%s] send a message to [%s] return something",
			skynet.address(msg.source), skynet.address(skynet.self())))
	end
end

local function dispatch_loop(f)
	while true do
		if #queue == 0 then
			waiting_task = coroutine.running()
			skynet.wait()
		else
			run(f, table.remove(queue, 1))
		end
	end
end

-- f(...) handles every queued message; once per service.
function mqueue.register(f)
	if type(f) ~= "function" then
		error(string.format("bad argument #1 to 'mqueue.register' (function expected, got %s)", type(f)), 2)
	end
	assert(not registered, "mqueue.register: already registered")
	registered = true
	skynet.fork(dispatch_loop, f)
end

local function result(ok, ...)
	if ok then
		return ...
	end
	error((...), 0)
end

function mqueue.call(addr, ...)
	return result(skynet.call(addr, "queue", ...))
end

function mqueue.send(addr, ...)
	return skynet.send(addr, "queue", ...)
end

-- Messages waiting in this service's queue.
function mqueue.size()
	return #queue
end

return mqueue
