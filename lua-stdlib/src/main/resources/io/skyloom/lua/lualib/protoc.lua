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

return protoc
