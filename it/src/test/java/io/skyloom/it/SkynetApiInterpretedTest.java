package io.skyloom.it;

import io.skyloom.junit.SkyloomTest;

/** The skynet API suite again with every Lua file compiled to JVM classes (LuaJC). */
@SkyloomTest(servicePath = "src/test/resources/lua", services = "skynet_api", luajc = true)
class SkynetApiOnLuajcTest extends SkynetApiTest {
}
