package io.skyloom.lua;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.core.NodeConfig;
import java.util.List;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.junit.jupiter.api.Test;

/** error's level in a service's sandbox, as C Lua 5.2 writes it (LuaJ's interpreter ignores level 0). */
class ErrorLevelTest {

    private final Globals g = Sandbox.create(new ScriptFinder(NodeConfig.builder().build(), List.of()), List.of(),
            new StoppableDebugLib());

    private Varargs run(String chunk) {
        return g.load(chunk, "=case").invoke();
    }

    @Test
    void levelZeroRaisesTheMessageAsItIs() {
        Varargs r = run("local function f() error('WRONGTYPE as sent', 0) end\nreturn pcall(f)");
        assertThat(r.arg1().toboolean()).isFalse();
        assertThat(r.arg(2).tojstring()).isEqualTo("WRONGTYPE as sent");
    }

    @Test
    void levelOneAndTwoStillNameTheirPositions() {
        assertThat(run("local function f() error('here') end\nreturn pcall(f)").arg(2).tojstring()).isEqualTo("case:1: here");
        assertThat(run("local function f()\nerror('there', 2)\nend\nlocal function g()\nf()\nend\nreturn pcall(g)").arg(2)
                .tojstring()).startsWith("case:").endsWith(": there");
    }

    @Test
    void aTableOrANumberAtLevelZeroIsTheSameValue() {
        Varargs r = run("local t = {}\nlocal ok, e = pcall(error, t, 0)\nlocal ok2, n = pcall(error, 42, 0)\nreturn e == t, n");
        assertThat(r.arg1().toboolean()).isTrue();
        assertThat(r.arg(2)).isEqualTo(LuaValue.valueOf(42));
    }
}
