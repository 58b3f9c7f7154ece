-- The second JVM of HarborMulticastTest: node 2 with a multicast driver, a channel of
-- its own and a subscriber to it; says their handles and the channel.
local skynet = require "skynet"
local multicast = require "skynet.multicast"

skynet.start(function()
	local driver = skynet.newservice("harbor_mc")
	local ch = multicast.new().channel
	local sub = skynet.newservice("mc_sub", ch)
	print("READY " .. driver .. " " .. ch .. " " .. sub)
end)
