package io.skyloom.it;

import io.skyloom.junit.SkyloomTest;

/** The task API suite again with every Lua file compiled to JVM classes (LuaJC). */
@SkyloomTest(servicePath = "src/test/resources/lua", services = "skynet_tasks", luajc = true)
class SkynetTasksOnLuajcTest extends SkynetTasksTest {

    @Override
    boolean tracebacksNameFunctions() {
        return false;
    }
}
