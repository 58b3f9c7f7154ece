package io.skyloom.it;

import io.skyloom.junit.SkyloomTest;

/**
 * The service-definition modules again with every Lua file interpreted (luajc = false):
 * there injectcode reaches a running function's locals, which compiled frames keep out
 * of reach.
 */
@SkyloomTest(servicePath = "src/test/resources/lua", services = "svc_modules", luajc = false)
class SkynetServiceModulesInterpretedTest extends SkynetServiceModulesTest {

    @Override
    boolean interpreted() {
        return true;
    }
}
