-- skynet.multicast: channels that deliver a message to every service subscribed, kept
-- by each node's multicastd. A channel lives until someone deletes it (its creator's
-- exit does not end it, as in skynet); a subscriber that exits is dropped. A channel
-- belongs to the node that made it (its id says which), and services of any node of the
-- harbor may subscribe to it, publish to it and delete it.
local skynet = require "skynet"

local multicast = {}
local service
local dispatch = {}   -- channel id -> the subscribed channel object of this service

local chan = {}
local chan_meta = {
	__index = chan,
	__tostring = function(self)
		return string.format("[Multicast:%x]", self.channel or 0)
	end,
}

local function multicastd()
	service = service or skynet.uniqueservice("multicastd")
	return service
end

-- new{ channel = id, pack = f, unpack = f, dispatch = function(channel, source, ...) }:
-- a new channel, or the existing one with that id; all fields optional.
function multicast.new(conf)
	if conf ~= nil and type(conf) ~= "table" then
		error("bad argument #1 to 'new' (table expected, got " .. type(conf) .. ")", 2)
	end
	conf = conf or {}
	local self = {}
	self.channel = conf.channel
	if self.channel == nil then
		self.channel = skynet.call(multicastd(), "lua", "NEW")
	elseif type(self.channel) ~= "number" then
		error("bad argument #1 to 'new' (channel must be a number, got " .. type(self.channel) .. ")", 2)
	end
	self.__pack = conf.pack or skynet.pack
	self.__unpack = conf.unpack or skynet.unpack
	self.__dispatch = conf.dispatch
	return setmetatable(self, chan_meta)
end

local function channel_of(self)
	return assert(self.channel, "the channel was deleted")
end

function chan:delete()
	local c = channel_of(self)
	skynet.send(multicastd(), "lua", "DEL", c)
	dispatch[c] = nil
	self.channel = nil
	self.__subscribe = nil
end

-- Returns once every subscriber of this node has the message in its queue (for another
-- node's channel: once it is on its way there).
function chan:publish(...)
	local c = channel_of(self)
	skynet.call(multicastd(), "lua", "PUB", c, self.__pack(...))
end

function chan:subscribe()
	local c = channel_of(self)
	if self.__subscribe then return end
	if type(self.__dispatch) ~= "function" then
		error("multicast: subscribe needs a dispatch function (new{ dispatch = f })", 2)
	end
	skynet.call(multicastd(), "lua", "SUB", c)
	self.__subscribe = true
	dispatch[c] = self
end

function chan:unsubscribe()
	if not self.__subscribe then return end
	local c = channel_of(self)
	skynet.send(multicastd(), "lua", "USUB", c)
	self.__subscribe = nil
	dispatch[c] = nil
end

local function dispatch_subscribe(session, source, c, msg)
	local self = dispatch[c]
	if not self or not self.__subscribe then
		return   -- unsubscribed while the message was on its way
	end
	self.__dispatch(self, source, self.__unpack(msg))
end

skynet.register_protocol {
	name = "multicast",
	id = skynet.PTYPE_MULTICAST,
	pack = skynet.pack,
	unpack = skynet.unpack,
	dispatch = dispatch_subscribe,
}

return multicast
