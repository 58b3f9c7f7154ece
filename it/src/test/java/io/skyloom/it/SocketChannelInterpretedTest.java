package io.skyloom.it;

import io.skyloom.junit.SkyloomTest;

/** socketchannel's modes again with its Lua interpreted (luajc = false). */
@SkyloomTest(servicePath = "src/test/resources/lua", luajc = false)
class SocketChannelInterpretedTest extends SocketChannelTest {
}
