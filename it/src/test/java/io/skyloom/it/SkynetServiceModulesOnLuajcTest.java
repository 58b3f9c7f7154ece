package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.core.CallFailedException;
import io.skyloom.junit.SkyloomTest;
import org.junit.jupiter.api.Test;

/**
 * The service-definition modules again with every Lua file compiled to JVM classes
 * (LuaJC): service.new carries a compiled function (its prototype, run interpreted),
 * and what needs upvalues (hotfix, inject) says it cannot reach them instead of
 * patching half.
 */
@SkyloomTest(servicePath = "src/test/resources/lua", services = "svc_modules", luajc = true)
class SkynetServiceModulesOnLuajcTest extends SkynetServiceModulesTest {

    @Test
    @Override
    void snaxHotfixReplacesAMethodKeepingItsUpvaluesAndABadPatchChangesNothing() {
        assertThatThrownBy(() -> call("snax_hotfix"))
                .isInstanceOf(CallFailedException.class)
                .hasMessageContaining("hotfix cannot reach the upvalues of a compiled function");
    }

    @Test
    @Override
    void injectRunsCodeInTheTargetsOwnSandboxReachingItsCommandTable() {
        Object[] r = call("inject");
        assertThat(r[0]).isEqualTo("original");
        assertThat(r[1]).isEqualTo(false);
        assertThat((String) r[2]).contains("inject cannot reach the upvalues of a compiled function");
        assertThat(r[3]).isEqualTo("original");
    }

    @Test
    @Override
    void theUpvalueFunctionsBehindHotfixAndInjectNameTheirBadArguments() {
        Object[] r = call("code_bad_arguments");
        assertThat((String) r[0]).contains("bad argument #1 to 'getupvalue' (function expected, got number)");
        assertThat((String) r[1]).contains("bad argument #1 to 'upvaluejoin' (Lua function expected, got a Java or compiled function)");
        assertThat((String) r[2]).contains("bad argument #1 to 'load' (function code expected, got string)");
        assertThat(r[4]).isNull();            // a compiled function shows no upvalues
        assertThat(r[6]).isEqualTo(false);
    }

    @Test
    @Override
    void injectcodeRunsCodeInsideARunningFunctionSeeingAndChangingItsLocals() {
        Object[] r = call("injectcode");
        assertThat(r[0]).isEqualTo(5L);                 // the local is left as it was
        assertThat(r[1]).isEqualTo(false);
        assertThat((String) r[2]).contains("injectcode cannot reach the frame");
    }
}
