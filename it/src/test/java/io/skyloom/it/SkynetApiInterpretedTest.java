package io.skyloom.it;

import io.skyloom.junit.SkyloomTest;

/** The skynet API suite again with every Lua file interpreted (luajc = false) instead of compiled by LuaJC. */
@SkyloomTest(servicePath = "src/test/resources/lua", services = "skynet_api", luajc = false)
class SkynetApiInterpretedTest extends SkynetApiTest {
}
