-- skynet's API for a service's own tasks and messages (task, killthread, term, redirect,
-- mqlen, ignoreret, genid, context, unknown requests, trace, harbor); Java calls each
-- command through foreign and checks what it returns.
local skynet = require "skynet"
local foreign = require "pyskynet.foreign"

local peer
local CMD = {}

local function contains(s, part)
	return type(s) == "string" and s:find(part, 1, true) ~= nil
end

function CMD.mqlen()
	local before = skynet.mqlen()
	for i = 1, 3 do skynet.send(skynet.self(), "lua", "noop") end
	local after = skynet.mqlen()
	local stat = skynet.stat("mqlen")
	skynet.yield()   -- the three run now
	return before, after, stat, skynet.mqlen()
end

function CMD.stat_cpu()
	local ok, err = pcall(skynet.stat, "nonsense")
	return skynet.stat("cpu"), ok, err
end

-- Globals, so a traceback names them (LuaJ names a function by how it was called).
function sleeper_named_in_tracebacks()
	skynet.sleep(100000)
end

function parked_in_a_request()
	return skynet.call(peer, "lua", "never")
end

function CMD.task_tracebacks()
	local function run() sleeper_named_in_tracebacks() end   -- one stack for both: uniqtask groups them
	local co1 = skynet.fork(run)
	local co2 = skynet.fork(run)
	skynet.yield()   -- both forks park in their sleep
	local n = skynet.task()
	local t = {}
	skynet.task(t)
	local entries, named = 0, 0
	for key, tb in pairs(t) do
		entries = entries + 1
		if contains(key, "session: ") and contains(tb, "sleeper_named_in_tracebacks") then named = named + 1 end
	end
	local id = skynet.task(co1)
	local one = skynet.task(id)
	local missing = skynet.task(999999)
	local unique = skynet.uniqtask()
	local groups, counted = 0, 0
	for head, tb in pairs(unique) do
		groups = groups + 1
		if contains(head, "2\tsessions:[") then counted = counted + 1 end
	end
	skynet.wakeup(co1)
	skynet.wakeup(co2)
	skynet.yield()
	local bad_ok, bad = pcall(skynet.task, true)
	return n, entries, named, type(id), contains(one, "sleeper_named_in_tracebacks"), missing, groups, counted,
		skynet.task(), bad_ok, bad
end

function CMD.trace_timeout()
	skynet.trace_timeout(true)
	local co = skynet.timeout(100000, function() end)
	local t = {}
	skynet.task(t)
	local found = false
	for _, tb in pairs(t) do
		if contains(tb, "TIMER ") then found = true end
	end
	local counted = skynet.task()
	skynet.killthread(co)
	skynet.trace_timeout(false)
	return found, counted, skynet.task()
end

local log = {}

function CMD.killthread_call()
	log = {}
	local co = skynet.fork(function()
		log[#log + 1] = "calling"
		local ok, err = pcall(skynet.call, peer, "lua", "never")
		log[#log + 1] = "after call: must not run"   -- killthread ends the task, pcall or not
	end)
	skynet.yield()
	local parked = skynet.task(co) ~= nil
	local killed = skynet.killthread(co)
	skynet.yield()
	-- The peer answers the killed call before it answers this one, so once this returns
	-- that answer has come and gone: a task still alive would have logged by now.
	skynet.call(peer, "lua", "release")
	return parked, killed == co, log, skynet.task(co)
end

function CMD.killthread_before_it_runs()
	log = {}
	local co = skynet.fork(function() log[#log + 1] = "ran" end)
	local killed = skynet.killthread(co)
	local t = skynet.timeout(1, function() log[#log + 1] = "timeout ran" end)
	skynet.killthread(t)
	-- Both had their chance once a fork made after the first and a timeout due after the
	-- second have run.
	local me = coroutine.running()
	local marks = 0
	local function mark()
		marks = marks + 1
		if marks == 2 then skynet.wakeup(me) end
	end
	skynet.fork(mark)
	skynet.timeout(2, mark)
	skynet.wait(me)
	return killed == co, #log, skynet.killthread(co)
end

function CMD.killthread_by_name()
	log = {}
	local co = skynet.fork(function()
		skynet.sleep(100000)
		log[#log + 1] = "woke"
	end)
	skynet.yield()
	local name = tostring(co):match("0x%x+") or tostring(co)
	local killed = skynet.killthread(name)
	skynet.yield()
	local ok, err = pcall(skynet.killthread, 42)
	local self_ok, self_err = pcall(skynet.killthread, coroutine.running())
	return killed == co, #log, ok, err, self_ok, self_err
end

-- A request whose task is killed: its caller gets an error at once.
function CMD.request_parked()
	parked_in_a_request()
	return "must not answer"
end

-- The request's task is this service's one parked task: killed by its name (the text
-- of its coroutine, as skynet.task's keys show it).
function CMD.kill_request_task()
	local t = {}
	skynet.task(t)
	local key = next(t)
	if key == nil or next(t, key) ~= nil then return false end
	return skynet.killthread(key:match("^(.-) session")) ~= nil
end

function CMD.term()
	local results = {}
	local done = coroutine.running()
	skynet.fork(function()
		local ok, err = pcall(skynet.call, peer, "lua", "never")
		results[#results + 1] = ok
		results[#results + 1] = err
		skynet.wakeup(done)
	end)
	skynet.yield()
	skynet.term(peer)
	skynet.wait(done)
	skynet.call(peer, "lua", "release")
	return results[1], results[2]
end

function CMD.redirect(pretend)
	skynet.redirect(peer, pretend, "lua", 0, skynet.pack("redirected", 1, 2))
	local seen = skynet.call(peer, "lua", "seen")
	local last = seen[#seen]
	local ok, err = pcall(skynet.redirect, peer, pretend, "response", 0, "x")
	return last.cmd, last.source, last.args, ok, err
end

function CMD.ignoreret()
	skynet.ignoreret()
end

function CMD.genid_context()
	local a, b = skynet.genid(), skynet.genid()
	local session, source = skynet.context()
	local fork_context
	local me = coroutine.running()
	skynet.fork(function()
		fork_context = select("#", skynet.context())
		skynet.wakeup(me)
	end)
	skynet.wait(me)
	return b > a, type(session), session ~= 0, skynet.address(source), fork_context
end

local unknown = {}

function CMD.unknown_request()
	local prev = skynet.dispatch_unknown_request(function(session, source, msg, sz, prototype)
		unknown[#unknown + 1] = { prototype = prototype, session = session, value = skynet.tostring(msg) }
	end)
	local prevr = skynet.dispatch_unknown_response(function() end)
	return type(prev), type(prevr)
end

function CMD.unknown_seen()
	return unknown
end

function CMD.trace()
	skynet.trace("from test")
	local tag = skynet.tracetag()
	local answer = skynet.call(peer, "lua", "traced", 1)
	skynet.tracelog(tag, "custom line")
	return tag, answer
end

function CMD.misc()
	local id, remote = skynet.harbor(skynet.self())
	return id, remote, skynet.pcall == pcall, type(skynet.init_service), skynet.task("init"), SERVICE_PATH
end

foreign.dispatch("cmd", function(name, ...)
	local f = CMD[name]
	if not f then error("no command " .. tostring(name)) end
	return f(...)
end)

skynet.start(function()
	peer = skynet.newservice("tasks_peer")
	skynet.dispatch("lua", function(session, source, cmd, ...)
		if cmd == "noop" then return end
		if cmd == "peer" then return skynet.retpack(peer) end
		local f = CMD[cmd]
		if f then return skynet.retpack(f(...)) end
	end)
end)
