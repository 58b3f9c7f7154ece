-- snax.interface for Skyloom: runs a snax service file with globals G and collects its
-- methods: accept.NAME and response.NAME functions, and the system ones (init, exit,
-- hotfix, profile). Returns the method list { id, group, name, func } and where the file
-- was found. skynet's snax path is the config key "snax" (templates with ?); without
-- it, snax services are files of the service path, as other services are.
local skynet = require "skynet"
local code = require "skyloom.code"

local SYSTEM = { "init", "exit", "hotfix", "profile" }
for i, sys in ipairs(SYSTEM) do SYSTEM[sys] = i end

local function path_loader(path, name, G)
	local errors = {}
	for template in string.gmatch(path, "[^;]+") do
		local filename = string.gsub(template, "?", name)
		local f, err = loadfile(filename, "bt", G)
		if f then
			return f, template
		end
		errors[#errors + 1] = err
	end
	error(table.concat(errors, "\n"), 0)
end

local function service_path_loader(name, G)
	local f, where = code.loadservice(name, G)
	if not f then
		error(where, 0)
	end
	-- the template skynet would have matched: the file's folder and "?.lua"
	return f, (string.match(where, "^(.*[/\\])") or "") .. "?.lua"
end

local function default_loader(path, name, G)
	if path then
		return path_loader(path, name, G)
	end
	return service_path_loader(name, G)
end

-- A table whose new fields become methods of group.
local function method_group(methods, group)
	local seen = {}
	return setmetatable({}, {
		__newindex = function(_, name, func)
			if type(name) ~= "string" then
				error(string.format("%s method only support string", group), 2)
			end
			if type(func) ~= "function" then
				error(string.format("%s.%s must be function", group, name), 2)
			end
			if seen[name] then
				error(string.format("%s.%s duplicate definition", group, name), 2)
			end
			seen[name] = true
			methods[#methods + 1] = { #methods + 1, group, name, func }
		end,
	})
end

return function(name, G, loader)
	if type(name) ~= "string" then
		error(string.format("snax: a service name is a string, not a %s", type(name)), 2)
	end
	assert(getmetatable(G) == nil)
	assert(G.init == nil and G.exit == nil and G.accept == nil and G.response == nil)

	local methods = {}
	for i, sys in ipairs(SYSTEM) do
		methods[i] = { i, "system", sys }
	end

	local globals_defined = {}
	local env = setmetatable({
		accept = method_group(methods, "accept"),
		response = method_group(methods, "response"),
	}, { __index = globals_defined })

	local function define(_, key, value)
		local i = SYSTEM[key]
		if i then
			if type(value) ~= "function" then
				error(string.format("%s must be a function", key), 2)
			end
			methods[i][4] = value
		else
			globals_defined[key] = value
		end
	end

	local mainfunc, template = (loader or default_loader)(skynet.getenv("snax"), name, G)
	setmetatable(G, { __index = env, __newindex = define })
	local ok, err = xpcall(mainfunc, debug.traceback)
	setmetatable(G, nil)
	if not ok then
		error(err, 0)
	end
	for k, v in pairs(globals_defined) do
		G[k] = v
	end
	return methods, template
end
