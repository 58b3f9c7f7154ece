package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.junit.SkyloomTest;
import org.junit.jupiter.api.Test;

/**
 * The service-definition modules again with every Lua file compiled to JVM classes
 * (LuaJC): service.new carries a compiled function (its prototype, run interpreted),
 * hotfix and inject reach compiled functions' upvalues (their classes' fields), and
 * injectcode, which needs a running function's locals, says it cannot reach them.
 */
@SkyloomTest(servicePath = "src/test/resources/lua", services = "svc_modules", luajc = true)
class SkynetServiceModulesOnLuajcTest extends SkynetServiceModulesTest {

    @Test
    @Override
    void injectcodeRunsCodeInsideARunningFunctionSeeingAndChangingItsLocals() {
        Object[] r = call("injectcode");
        assertThat(r[0]).isEqualTo(5L);                 // the local is left as it was
        assertThat(r[1]).isEqualTo(false);
        assertThat((String) r[2]).contains("injectcode cannot reach the frame");
    }
}
