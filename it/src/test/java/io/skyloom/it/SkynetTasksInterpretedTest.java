package io.skyloom.it;

import io.skyloom.junit.SkyloomTest;

/**
 * The task API suite again with every Lua file interpreted (luajc = false): a parked
 * task's traceback comes from LuaJ's call frames there, from the compiled frames of its
 * parked Java thread with LuaJC.
 */
@SkyloomTest(servicePath = "src/test/resources/lua", services = "skynet_tasks", luajc = false)
class SkynetTasksInterpretedTest extends SkynetTasksTest {
}
