-- skynet.require for Skyloom: skynet's two-step module loading. require runs a module's
-- main function, then the functions it registered with skynet.init; in the service's
-- main chunk (before skynet.start runs) those wait and skynet.start runs them, in order,
-- before the start function. A module required by two tasks at once is loaded once:
-- the second waits for the first. Loaded by skynet.lua in the main chunk.
local M = {}

local mainthread = coroutine.running()
local started = false              -- skynet.start has run the main chunk's init functions
local init_lists = { [mainthread] = {} }
local loading = {}                 -- module name -> { task = loader, waiting tasks... }

local function in_main()
	return not started and coroutine.running() == mainthread
end

-- The loader of name as require finds it (package.preload, then the Lua and service
-- paths), and the extra value it passes; nil and the places searched when none.
local function find_loader(name)
	local notes = {}
	for _, searcher in ipairs(package.searchers) do
		local loader, extra = searcher(name)
		if type(loader) == "function" then
			return loader, extra
		elseif type(loader) == "string" then
			notes[#notes + 1] = loader
		end
	end
	return nil, table.concat(notes)
end

local function wait_for_other(name, queue)
	local me = coroutine.running()
	assert(queue.task ~= me, "circular dependency")
	local skynet = require "skynet"
	queue[#queue + 1] = me
	skynet.wait(me)
	local m = package.loaded[name]
	if m == nil then
		error(string.format("require %s failed", name), 3)
	end
	return m
end

local function load_two_step(name, loader, extra)
	local me = coroutine.running()
	local queue = { task = me }
	loading[name] = queue
	local outer = init_lists[me]
	local inits = {}
	init_lists[me] = inits
	local ok, err = xpcall(function()
		local m = loader(name, extra)
		for _, f in ipairs(inits) do
			f()
		end
		if m == nil then
			m = package.loaded[name]
			if m == nil then m = true end
		end
		package.loaded[name] = m
	end, debug.traceback)
	init_lists[me] = outer
	loading[name] = nil
	if #queue > 0 then
		local skynet = require "skynet"
		for _, task in ipairs(queue) do
			skynet.wakeup(task)
		end
	end
	if not ok then
		error(err, 0)
	end
	return package.loaded[name]
end

function M.require(name)
	if type(name) ~= "string" then
		error(string.format("bad argument #1 to 'require' (string expected, got %s)", type(name)), 2)
	end
	local m = package.loaded[name]
	if m ~= nil then
		return m
	end
	if in_main() then
		return require(name)
	end
	local queue = loading[name]
	if queue then
		return wait_for_other(name, queue)
	end
	local loader, extra = find_loader(name)
	if not loader then
		return require(name)   -- require's own "module not found" message
	end
	return load_two_step(name, loader, extra)
end

-- Runs the main chunk's init functions (skynet.start calls it, before the start function).
function M.init_all()
	started = true
	local list = init_lists[mainthread]
	init_lists[mainthread] = nil
	for _, f in ipairs(list or {}) do
		f()
	end
end

-- f runs after the module being required has run (in the main chunk: when skynet.start runs).
function M.init(f)
	if type(f) ~= "function" then
		error(string.format("bad argument #1 to 'skynet.init' (function expected, got %s)", type(f)), 2)
	end
	local list = init_lists[coroutine.running()]
	if list == nil then
		-- outside a two-step require and after start: nothing waits, run it now
		return f()
	end
	list[#list + 1] = f
end

return M
