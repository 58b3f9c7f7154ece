package io.skyloom.it;

import io.skyloom.core.NodeConfig;

/** The skynet API suite again with every Lua file compiled to JVM classes (LuaJC). */
class SkynetApiOnLuajcTest extends SkynetApiTest {

    @Override
    NodeConfig.Builder config() {
        return super.config().luajc(true);
    }
}
