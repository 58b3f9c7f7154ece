-- The service behind `./skyloom repl` and `./skyloom run -i`: the launcher reads lines
-- and sends each chunk here (foreign command "eval"); the chunk runs in this service,
-- sandboxed like any other, so skynet.call and friends work from the prompt. Globals
-- persist between chunks, locals do not, as in lua's own REPL.
local skynet = require "skynet"
local console = require "skyloom.console"
local foreign = require "pyskynet.foreign"

-- The traceback up to the chunk: the frames of this service below it are noise.
local function traceback(msg)
	local tb = debug.traceback(msg, 2)
	if type(tb) ~= "string" then return tb end
	return (tb:gsub("\n\t%[Java%]: in function 'xpcall'.*$", ""))
end

_G.skynet = skynet   -- at hand at the prompt

local function results(...)
	local n = select("#", ...)
	if n == 0 then return "" end
	local t = { ... }
	for i = 1, n do t[i] = tostring(t[i]) end
	return table.concat(t, "\t", 1, n)
end

-- As lua.c: an expression first ("1+1" prints 2), then a statement; a chunk whose
-- syntax error is at its end (<eof>) is incomplete and waits for the next line. The
-- expression's values go to a packing function, not to `return` straight: an error in
-- a tail call (return error("x")) would lose its position and traceback in LuaJ.
local function compile(src)
	local f = load("local __pack = ... return __pack(" .. src .. "\n)", "=stdin", "t")
	if f then return f, true end
	local err
	f, err = load(src, "=stdin", "t")
	if f then return f end
	if err:sub(-5) == "<eof>" then return nil, "more" end
	return nil, err
end

local function eval(src)
	local f, err = compile(src)
	if err == "more" then return "more" end
	if not f then return "error", err end
	local r = table.pack(xpcall(f, traceback, table.pack))
	if not r[1] then return "error", tostring(r[2]) end
	if err == true then   -- an expression: its values, packed
		return "ok", results(table.unpack(r[2], 1, r[2].n))
	end
	return "ok", results(table.unpack(r, 2, r.n))
end

-- The debug console's commands (list, stat, mem, kill, ...), when the line's first
-- word names one and the line is no Lua statement: `list` and `kill :0000000a` are
-- commands, `list()` and `inject = require "skynet.inject"` stay Lua.
local function command(line)
	local word, rest = line:match("^%s*(%a+)(.*)$")
	if not word or not console.is_command(word) then return nil end
	if rest ~= "" and not rest:match("^%s") then return nil end
	if load(line, "=stdin", "t") then return nil end
	local out = {}
	local function print(...)
		out[#out + 1] = table.concat({ ... }, "\t")
	end
	local ok = console.run(line, print)
	return ok and "ok" or "error", table.concat(out, "\n")
end

-- A command of pyskynet.foreign's table, so a chunk that requires pyskynet.foreign (the
-- same module) adds its own commands beside it instead of taking the protocol over.
foreign.dispatch("eval", function(src)
	local status, text
	if not src:find("\n") then status, text = command(src) end
	if not status then status, text = eval(src) end
	return status, text
end)

skynet.start(function() end)
