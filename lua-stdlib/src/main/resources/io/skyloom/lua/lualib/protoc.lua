-- lua-protobuf's protoc: .proto text compiled in-process (the parser and linker are
-- Java, on protobuf-java) into the service's pb. An import must already be loaded
-- into pb, or be one of Google's well-known files.
local pb = require "pb"
local core = require "protoc.core"

local protoc = { loaded = {}, include_imports = false }
protoc.__index = protoc

function protoc.new()
	return setmetatable({ loaded = {}, include_imports = false }, protoc)
end

-- Google's well-known types are always known to pb here.
function protoc.reload()
	return true
end

-- A serialized FileDescriptorSet of `text`.
function protoc:compile(text, name)
	return core.compile(text, name, self.include_imports)
end

-- `text` as a FileDescriptorProto table.
function protoc:parse(text, name)
	local t = pb.decode(".google.protobuf.FileDescriptorProto", core.compile_file(text, name))
	self.loaded[t.name] = t
	return t
end

function protoc:load(text, name)
	local ok, pos = pb.load(self:compile(text, name))
	if not ok then error("pb.load failed at offset " .. tostring(pos), 2) end
	return true
end

-- Files: found on self.paths (default: the name as given) through this service's io,
-- so only in the folders the node's fileAccess allows.
function protoc:addpath(path)
	self.paths = rawget(self, "paths") or {}
	self.paths[#self.paths + 1] = path
end

local function readfile(self, name)
	for _, dir in ipairs(rawget(self, "paths") or { "" }) do
		local path = dir == "" and name or dir:gsub("/$", "") .. "/" .. name
		local f = io.open(path, "rb")
		if f then
			local text = f:read "*a"
			f:close()
			return text
		end
	end
	error("module \"" .. name .. "\" not found", 3)
end

-- Loads `name`, after each of its imports that pb does not know yet.
function protoc:loadfile(name, loading)
	loading = loading or {}
	if loading[name] then error("import cycle through " .. name, 2) end
	loading[name] = true
	local text = readfile(self, name)
	for dep in text:gmatch('import%s+%a*%s*"([^"]+)"') do
		if not core.known(dep) then self:loadfile(dep, loading) end
	end
	return self:load(text, name)
end

function protoc:compilefile(name)
	return self:compile(readfile(self, name), name)
end

function protoc:parsefile(name)
	return self:parse(readfile(self, name), name)
end

return protoc
