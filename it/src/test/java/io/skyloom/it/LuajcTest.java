package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.core.CallFailedException;
import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import org.junit.jupiter.api.Test;

/**
 * Lua compiled to JVM classes with LuaJC (NodeConfig.luajc, the default): what the skynet
 * API suite does not cover, errors reaching a Java caller and the corners where LuaJ's
 * compiler once differed from its interpreter.
 */
@SkyloomTest(servicePath = "src/test/resources/lua")
class LuajcTest {

    @Inject Skyloom node;

    @Test
    void compiledErrorsStillReachTheCaller() {
        int caller = node.newservice("caller");
        assertThatThrownBy(() -> node.foreign().call(caller, "boom", "compiled failure"))
                .isInstanceOfSatisfying(CallFailedException.class, e -> {
                    // compiled code keeps no Lua frames: position and traceback come from its classes
                    assertThat(e.remoteMessage()).contains("caller.lua:12: ").contains("compiled failure");
                    assertThat(e.remoteTraceback()).contains("stack traceback").contains("caller.lua:12: in function");
                });
        assertThat(node.foreign().call(caller, "relay", "still")).containsExactly("still");
    }

    @Test
    void anXpcallHandlerTracesTheStackOfTheErrorAsLuasDoes() {
        int svc = node.newservice("xpcall_trace");
        Object[] r = node.foreign().call(svc, "xpcall", "deep failure");
        assertThat(r[0]).isEqualTo(false);
        // Lua runs the handler where the error was raised: its traceback starts at error's
        // caller (line 7), then the function that called that one (line 11).
        assertThat((String) r[1]).containsPattern("^\\S*xpcall_trace.lua:7: deep failure\nstack traceback:")
                .containsSubsequence("xpcall_trace.lua:7: in function", "xpcall_trace.lua:11: in function");
        // Outside a handler it is the stack of its own call.
        Object[] here = node.foreign().call(svc, "here");
        assertThat((String) here[0]).startsWith("here\nstack traceback:").contains("xpcall_trace.lua:20: in function")
                .doesNotContain("xpcall_trace.lua:7:");
    }

    @Test
    void aFunctionThatStartsWithALoopKeepsItsArgumentsAcrossIterations() {
        int svc = node.newservice("entry_loops");
        assertThat(node.foreign().call(svc, "run")).containsExactly(3L, "xxxx", 6L, 3L, "go321", 0L);
    }

    @Test
    void aFunctionThatReturnsNothingGivesNilToACallForOneValue() {
        int svc = node.newservice("no_results");
        assertThat(node.foreign().call(svc, "run")).containsExactly("second", true, "nil", "nil", 0L, 1L);
    }

    @Test
    void libraryErrorsStackOverflowDumpAndMemoryCountAsInTheInterpreter() {
        int svc = node.newservice("luajc_limits");
        Object[] r = node.foreign().call(svc, "errors");
        assertThat(r[0]).isEqualTo("bad argument #1 to 'rep' (string expected, got no value)");
        assertThat(r[1]).isEqualTo("from the caller's place");
        assertThat((String) r[2]).endsWith("luajc_limits.lua:15: bad argument #1 to 'rep' (string expected, got no value)");
        assertThat(r).endsWith("handled: stack overflow", true);
        Object[] tb = node.foreign().call(svc, "traceback");
        assertThat((String) tb[0]).contains("luajc_limits.lua:21: in function 'named'");    // named where it is defined
        assertThat((String) tb[1]).contains("luajc_limits.lua:23: in function <").contains("luajc_limits.lua:23>")
                .contains("luajc_limits.lua:23: in function <").contains("luajc_limits.lua:22>");   // and the handler
        double before = ((Number) node.foreign().call(svc, "count")[0]).doubleValue();
        node.foreign().call(svc, "fill");
        double after = ((Number) node.foreign().call(svc, "count")[0]).doubleValue();
        assertThat(after - before).as("100 000 entries held by a compiled function's upvalue").isBetween(2000.0, 20000.0);
    }

    @Test
    void aFunctionTooBigForLuaJCRunsInterpretedWithAWarning() throws Exception {
        StringBuilder body = new StringBuilder("local function big(x)\n");
        for (int i = 0; i < 12_000; i++) body.append("x = x + 1\n");   // far past a JVM method's 64 KiB
        body.append("return x\nend\n");
        try (LogCapture log = new LogCapture()) {
            int svc = node.scriptservice(body + """
                    local skynet = require "skynet"
                    local foreign = require "pyskynet.foreign"
                    foreign.dispatch("big", function() return big(0) end)
                    skynet.start(function() end)
                    """);
            assertThat(node.foreign().call(svc, "big")).containsExactly(12_000L);
            assertThat(log.text()).contains("LuaJC cannot compile").contains("it runs interpreted");
        }
    }
}
