-- skynet.queue: a critical section for the tasks of one service. cs(f, ...) runs
-- f(...) once no other task is inside; a task already inside may enter again.
local skynet = require "skynet"

return function()
	local owner            -- the task inside, or nil
	local depth = 0        -- how many times the owner has entered
	local waiting = {}     -- tasks waiting to enter, oldest first

	local function leave(ok, ...)
		depth = depth - 1
		if depth == 0 then
			owner = table.remove(waiting, 1)
			if owner then
				skynet.wakeup(owner)
			end
		end
		if not ok then
			error((...), 0)
		end
		return ...
	end

	return function(f, ...)
		local me = coroutine.running()
		if owner and owner ~= me then
			waiting[#waiting + 1] = me
			skynet.wait(me)   -- the leaving task made us the owner
		end
		owner = me
		depth = depth + 1
		return leave(xpcall(f, debug.traceback, ...))
	end
end
