package io.skyloom.it;

import io.skyloom.junit.SkyloomTest;

/**
 * The task API suite again with every Lua file compiled to JVM classes (LuaJC): a parked
 * task's traceback comes from the compiled frames of its parked Java thread.
 */
@SkyloomTest(servicePath = "src/test/resources/lua", services = "skynet_tasks", luajc = true)
class SkynetTasksOnLuajcTest extends SkynetTasksTest {
}
