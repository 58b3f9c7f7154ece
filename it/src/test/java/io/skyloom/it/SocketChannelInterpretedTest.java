package io.skyloom.it;

import io.skyloom.junit.SkyloomTest;

/** socketchannel's modes again with its Lua compiled by LuaJC (its connect once returned nothing there). */
@SkyloomTest(servicePath = "src/test/resources/lua", luajc = true)
class SocketChannelOnLuajcTest extends SocketChannelTest {
}
