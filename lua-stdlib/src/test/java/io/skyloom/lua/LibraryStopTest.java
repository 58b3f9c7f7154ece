package io.skyloom.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.core.NodeConfig;
import io.skyloom.lua.stdlib.ServiceStopped;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;

/**
 * The long loops of the string and table libraries check the stop flag of the Globals
 * they were installed into. With luaDebug off nothing else checks it (with it on the
 * interpreter stops at its next instruction anyway): once kill raised it, each of them
 * unwinds with {@link ServiceStopped}, which pcall cannot catch.
 */
class LibraryStopTest {

    static final String SETUP = """
            big = {} for i = 1, 20000 do big[i] = (i * 7919) % 20011 end
            s = string.rep("a", 30)
            p = string.rep("a?", 30) .. string.rep("a", 30)
            """;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "string.find(s, p)", "string.match(s, p)", "string.gsub(s, p, '')", "string.gmatch(s, p)()",
            "string.rep('x', 10000)", "table.concat(big, ',')", "table.sort(big)",
            "table.sort(big, function(a, b) return a < b end)", "pcall(string.find, s, p)"})
    void aRaisedStopFlagEndsTheLibraryLoop(String call) {
        Globals g = Sandbox.create(new ScriptFinder(NodeConfig.builder().build(), List.of()), List.of(), null);
        g.load(SETUP, "=setup").call();
        LuaValue f = g.load("return " + call, "=call");
        Sandbox.stopFlag(g).raise();
        assertThatThrownBy(f::call).as(call).isInstanceOf(ServiceStopped.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"string.find(s, 'a+')", "table.concat({1, 2, 3})", "string.gsub('abc', '%w', '%0%0')"})
    void aFlagThatIsNotRaisedCostsNothingToAShortCall(String call) {
        Globals g = Sandbox.create(new ScriptFinder(NodeConfig.builder().build(), List.of()), List.of(), null);
        g.load(SETUP, "=setup").call();
        assertThat(g.load("return " + call, "=call").call().isnil()).isFalse();
    }
}
