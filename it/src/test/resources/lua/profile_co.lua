-- skynet.profile in a service that required skynet.coroutine first (skynet.coroutine
-- keeps coroutine's functions when it loads): a coroutine's profile must still stop
-- while it is suspended, whether resumed by skynet.coroutine or by coroutine.resume.
local skynet = require "skynet"
local sco = require "skynet.coroutine"
local profile = require "skynet.profile"

-- The profiled time of a coroutine that runs a little, is suspended for `ticks`, and
-- runs a little more; started from outside (profile.start(co)) or from inside.
local function suspended_for(ticks, resume, inside)
	local function work()
		local y = 0
		for i = 1, 1000 do y = y + i end
		return y
	end
	local co
	co = sco.create(function()
		if inside then profile.start() end
		work()
		sco.yield()
		work()
		if inside then return profile.stop() end
	end)
	if not inside then profile.start(co) end
	resume(co)
	skynet.sleep(ticks)   -- the time the coroutine is suspended: what must not count
	local _, t = resume(co)
	if not inside then t = profile.stop(co) end
	return t
end

skynet.start(function()
	skynet.dispatch("lua", function()
		local t = {
			suspended_for(20, sco.resume, false),
			suspended_for(20, sco.resume, true),
			suspended_for(20, coroutine.resume, false),
			suspended_for(20, coroutine.resume, true),
		}
		coroutine.resume = sco.resume   -- as ported code does: still no loop, still timed
		t[5] = suspended_for(20, coroutine.resume, false)
		skynet.retpack(t)
	end)
end)
