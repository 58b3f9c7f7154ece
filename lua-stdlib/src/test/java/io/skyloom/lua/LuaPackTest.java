package io.skyloom.lua;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import io.skyloom.core.NodeConfig;

/**
 * skynet.pack's tape inside one process and as bytes for another: every table comes back
 * with the same entries, whether its keys 1, 2, 3, ... open its array part (they go on the
 * tape as values alone), stop at a hole, or live in its hash part.
 */
class LuaPackTest {

    private final Globals g = Sandbox.create(new ScriptFinder(NodeConfig.builder().build(), List.of()), List.of(),
            new StoppableDebugLib());

    // Tables built as services build them: constructors, holes, integer keys set out of order.
    private static final String TABLES = """
            local holes = {1, 2, nil, 4, x = "x"}
            local backwards = {}
            for i = 10, 1, -1 do backwards[i] = i * i end
            local mixed = {"a", "b", "c", [5] = "e", [0] = "zero", [-1] = "neg", [2.5] = "half", k = {1, {2, {3}}}}
            local sparse = {[1] = "one", [100] = "hundred"}
            local grown = {}
            for i = 1, 20 do grown[#grown + 1] = {id = i} end
            grown[25] = "late"
            return {holes, backwards, mixed, sparse, grown, {}, {{}, {{}}}}, "tail", 7
            """;

    // Every entry of a and b, in both directions, with tables compared the same way.
    private static boolean same(LuaValue a, LuaValue b) {
        if (!a.istable() || !b.istable()) return a.raweq(b);
        return covers(a.checktable(), b.checktable()) && covers(b.checktable(), a.checktable());
    }

    private static boolean covers(LuaTable a, LuaTable b) {
        LuaValue k = LuaValue.NIL;
        for (;;) {
            Varargs e = a.next(k);
            if ((k = e.arg1()).isnil()) return true;
            if (!same(e.arg(2), b.rawget(k))) return false;
        }
    }

    private Varargs values() {
        return g.load(TABLES, "=tables").invoke();
    }

    @Test
    void anUnpackGivesEveryEntryBackInFreshTables() {
        Varargs in = values();
        LuaPack pack = LuaPack.of(in, 1);
        Varargs out = pack.unpack();
        assertThat(out.narg()).isEqualTo(3);
        for (int i = 1; i <= 3; i++) assertThat(same(in.arg(i), out.arg(i))).as("value %d", i).isTrue();
        assertThat(out.arg1()).isNotSameAs(in.arg1());
        Varargs again = pack.unpack();
        assertThat(again.arg1()).isNotSameAs(out.arg1());
        assertThat(same(in.arg1(), again.arg1())).isTrue();
        // the array part's length as Lua counts it survives
        assertThat(out.arg1().get(5).length()).isEqualTo(in.arg1().get(5).length());
        assertThat(out.arg1().get(2).length()).isEqualTo(10);
    }

    @Test
    void theBytesForAnotherProcessCarryTheSameEntries() {
        Varargs in = values();
        LuaPack pack = LuaPack.of(in, 1);
        LuaPack back = LuaPack.fromBytes(pack.toBytes());
        Varargs out = back.unpack();
        for (int i = 1; i <= 3; i++) assertThat(same(in.arg(i), out.arg(i))).as("value %d", i).isTrue();
        assertThat(back.toBytes()).isEqualTo(pack.toBytes());
    }
}
