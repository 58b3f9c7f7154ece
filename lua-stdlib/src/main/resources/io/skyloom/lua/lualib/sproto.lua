-- skynet's sproto API over sproto.core: typed encode/decode, 0-packing, and the
-- request/response RPC pattern (host/attach/dispatch), whose wire header is the
-- schema's "package" type { type, session, ud }.
local core = require "sproto.core"

local sproto = {}
sproto.__index = sproto

local host = {}
host.__index = host

local function newobject(cobj)
	return setmetatable({
		__cobj = cobj,
		__tcache = setmetatable({}, { __mode = "kv" }),
		__pcache = setmetatable({}, { __mode = "kv" }),
	}, sproto)
end

function sproto.new(bin)
	return newobject(assert(core.newproto(bin)))
end

-- A schema object from sproto.core (sprotoloader); nothing to free in Skyloom.
function sproto.sharenew(cobj)
	return newobject(cobj)
end

function sproto.parse(text)
	return sproto.new(require("sprotoparser").parse(text))
end

local function typeof(self, typename)
	local st = self.__tcache[typename]
	if st == nil then
		st = core.querytype(self.__cobj, typename)
		if st == nil then error("type not found: " .. tostring(typename), 3) end
		self.__tcache[typename] = st
	end
	return st
end

function sproto:exist_type(typename)
	return self.__tcache[typename] ~= nil or core.querytype(self.__cobj, typename) ~= nil
end

function sproto:encode(typename, tbl)
	return core.encode(typeof(self, typename), tbl)
end

function sproto:decode(typename, bin, ...)
	return core.decode(typeof(self, typename), bin, ...)
end

function sproto:pencode(typename, tbl)
	return core.pack(core.encode(typeof(self, typename), tbl))
end

function sproto:pdecode(typename, bin, ...)
	return core.decode(typeof(self, typename), core.unpack(bin), ...)
end

-- The protocol of a name or tag: { name, tag, request, response }, cached both ways.
local function protocolof(self, key)
	local p = self.__pcache[key]
	if p == nil then
		local id, request, response = core.protocol(self.__cobj, key)
		if id == nil then error(tostring(key) .. " not found", 3) end
		local name, tag
		if type(key) == "number" then name, tag = id, key else name, tag = key, id end
		p = { name = name, tag = tag, request = request, response = response }
		self.__pcache[name] = p
		self.__pcache[tag] = p
	end
	return p
end
sproto.queryproto = protocolof

function sproto:exist_proto(key)
	return self.__pcache[key] ~= nil or core.protocol(self.__cobj, key) ~= nil
end

function sproto:request_encode(protoname, tbl)
	local p = protocolof(self, protoname)
	if p.request then return core.encode(p.request, tbl), p.tag end
	return "", p.tag
end

function sproto:response_encode(protoname, tbl)
	local p = protocolof(self, protoname)
	if p.response then return core.encode(p.response, tbl) end
	return ""
end

function sproto:request_decode(protoname, bin, ...)
	local p = protocolof(self, protoname)
	if p.request then return (core.decode(p.request, bin, ...)), p.name end
	return nil, p.name
end

function sproto:response_decode(protoname, bin, ...)
	local p = protocolof(self, protoname)
	if p.response then return (core.decode(p.response, bin, ...)) end
end

sproto.pack = core.pack
sproto.unpack = core.unpack

function sproto:default(typename, kind)
	if kind == nil then return core.default(typeof(self, typename)) end
	local p = protocolof(self, typename)
	if kind == "REQUEST" then
		if p.request then return core.default(p.request) end
	elseif kind == "RESPONSE" then
		if p.response then return core.default(p.response) end
	else
		error("Invalid type", 2)
	end
end

-- RPC -----------------------------------------------------------------------

function sproto:host(packagename)
	packagename = packagename or "package"
	local package = core.querytype(self.__cobj, packagename)
	if package == nil then error("type " .. packagename .. " not found", 2) end
	return setmetatable({ __proto = self, __package = package, __session = {} }, host)
end

local function message(package, header, content_type, content)
	local bin = core.encode(package, header)
	if content_type then bin = bin .. core.encode(content_type, content) end
	return core.pack(bin)
end

-- Unpacks and decodes one message: "REQUEST", name, args, response function (when the
-- request carries a session), ud; or "RESPONSE", session, args, ud.
function host:dispatch(bin)
	bin = core.unpack(bin)
	local header, used = core.decode(self.__package, bin)
	local content = bin:sub(used + 1)
	if header.type then
		local p = protocolof(self.__proto, header.type)
		local args = p.request and (core.decode(p.request, content)) or nil
		local session = header.session
		local respond
		if session then
			local package, response = self.__package, p.response
			respond = function(result, ud)
				return message(package, { session = session, ud = ud }, response, result)
			end
		end
		return "REQUEST", p.name, args, respond, header.ud
	end
	local session = header.session
	if session == nil then error("session not found", 2) end
	local response = self.__session[session]
	if response == nil then error("Unknown session", 2) end
	self.__session[session] = nil
	if response == true then return "RESPONSE", session, nil, header.ud end
	return "RESPONSE", session, (core.decode(response, content)), header.ud
end

-- A function(name, args, session, ud) that encodes requests of `sp`, remembering
-- each session's response type for dispatch.
function host:attach(sp)
	return function(name, args, session, ud)
		local p = protocolof(sp, name)
		if session then self.__session[session] = p.response or true end
		return message(self.__package, { type = p.tag, session = session, ud = ud }, p.request, args)
	end
end

return sproto
