-- skynet.coroutine: coroutines whose bodies may call skynet's blocking functions. In
-- Skyloom every coroutine may (a body is part of the task that resumed it, so a call
-- inside parks that task: resume returns once the body yields or ends, as skynet's
-- does). This module adds skynet's view on top: status "blocked" while the body waits
-- in skynet, thread(co) for the task a coroutine runs under, and resume refusing
-- coroutines it did not create.
local c = require "skynet.core"

local co_create = coroutine.create
local co_status = coroutine.status
local co_running = coroutine.running

-- skynet.profile, once loaded (before or after this module), resumes: its resume stops a
-- profile's clock while the coroutine is suspended. Asked at each resume, as it may load
-- later; not through coroutine.resume, which user code may have set to ours.
local raw_resume = coroutine.resume
local loaded = package.loaded
local function co_resume(co, ...)
	local profile = loaded["skynet.profile"]
	if profile then
		return profile.resume(co, ...)
	end
	return raw_resume(co, ...)
end

local skynetco = {}
local ours = setmetatable({}, { __mode = "k" })     -- coroutines made here
local caller = setmetatable({}, { __mode = "kv" })  -- coroutine -> the task it runs under

skynetco.isyieldable = coroutine.isyieldable
skynetco.running = coroutine.running
skynetco.yield = coroutine.yield

function skynetco.create(f)
	if type(f) ~= "function" then
		error("bad argument #1 to 'create' (function expected, got " .. type(f) .. ")", 2)
	end
	local co = co_create(f)
	ours[co] = true
	return co
end

function skynetco.status(co)
	if type(co) ~= "thread" then
		error("bad argument #1 to 'status' (coroutine expected, got " .. type(co) .. ")", 2)
	end
	if c.blocked(co) then
		return "blocked"
	end
	return co_status(co)
end

function skynetco.resume(co, ...)
	if type(co) ~= "thread" then
		error("bad argument #1 to 'resume' (coroutine expected, got " .. type(co) .. ")", 2)
	end
	if not ours[co] then
		if co_status(co) == "dead" then
			return co_resume(co, ...)   -- "cannot resume dead coroutine"
		end
		return false, "cannot resume none skynet coroutine"
	end
	if c.blocked(co) then
		return false, "cannot resume a skynet coroutine suspend by skynet framework"
	end
	local from = co_running()
	caller[co] = caller[from] or from
	return co_resume(co, ...)
end

-- thread(co): the task co runs under and false, or co and true when co is a task itself.
function skynetco.thread(co)
	co = co or co_running()
	if ours[co] then
		return caller[co], false
	end
	return co, true
end

local function wrapped(ok, ...)
	if ok then
		return ...
	end
	error((...), 0)
end

function skynetco.wrap(f)
	local co = skynetco.create(f)
	return function(...)
		return wrapped(skynetco.resume(co, ...))
	end
end

return skynetco
