package io.skyloom.lua;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.TableCursor;
import org.luaj.vm2.Varargs;

/** The in-place walk packing uses gives exactly what LuaJ's next gives, in its order. */
class TableCursorTest {

    @Test
    void walksEveryEntryOfRandomTablesInNextsOrder() {
        Random rnd = new Random(42);
        TableCursor c = new TableCursor();
        for (int round = 0; round < 2000; round++) {
            LuaTable t = randomTable(rnd);
            assertThat(c.reset(t)).isTrue();
            assertThat(walk(c)).as("round %d", round).containsExactlyElementsOf(byNext(t));
        }
    }

    @Test
    void skipsHolesAndRemovedKeys() {
        LuaTable t = new LuaTable();
        for (int i = 1; i <= 10; i++) t.rawset(i, LuaValue.valueOf("v" + i));
        t.rawset("a", LuaValue.valueOf(1));
        t.rawset("b", LuaValue.valueOf(2));
        t.rawset(3, LuaValue.NIL);
        t.rawset("a", LuaValue.NIL);
        TableCursor c = new TableCursor();
        c.reset(t);
        List<String> seen = walk(c);
        assertThat(seen).hasSize(10).doesNotContain("3=v3", "a=1").contains("b=2", "10=v10");
        assertThat(seen).containsExactlyElementsOf(byNext(t));
    }

    @Test
    void anEmptyTableHasNoEntries() {
        TableCursor c = new TableCursor();
        assertThat(c.reset(new LuaTable())).isTrue();
        assertThat(c.next()).isFalse();
        assertThat(c.next()).as("stays at the end").isFalse();
    }

    @Test
    void aTableWithAPlainMetatableIsWalkedAndAWeakOneIsNot() {
        LuaTable plain = new LuaTable();
        plain.rawset("k", LuaValue.valueOf(1));
        LuaTable mt = new LuaTable();
        mt.rawset("__index", new LuaTable());
        plain.setmetatable(mt);
        TableCursor c = new TableCursor();
        assertThat(c.reset(plain)).isTrue();
        assertThat(walk(c)).containsExactly("k=1");

        LuaTable weak = new LuaTable();
        LuaTable mode = new LuaTable();
        mode.rawset("__mode", LuaValue.valueOf("k"));
        weak.setmetatable(mode);
        assertThat(c.reset(weak)).as("LuaJ resolves a weak table's references itself").isFalse();
    }

    private static LuaTable randomTable(Random rnd) {
        LuaTable t = rnd.nextBoolean() ? new LuaTable() : new LuaTable(rnd.nextInt(8), rnd.nextInt(8));
        int n = rnd.nextInt(40);
        for (int i = 0; i < n; i++) {
            LuaValue v = LuaValue.valueOf(rnd.nextInt(1000));
            switch (rnd.nextInt(5)) {
                case 0, 1 -> t.rawset(1 + rnd.nextInt(30), v);                   // array part, some holes
                case 2 -> t.rawset(LuaValue.valueOf("k" + rnd.nextInt(30)), v);
                case 3 -> t.rawset(LuaValue.valueOf(rnd.nextInt(60) + 0.5), v);   // non-integer numbers
                default -> t.rawset(1 + rnd.nextInt(30), LuaValue.NIL);          // removals
            }
        }
        return t;
    }

    private static List<String> walk(TableCursor c) {
        List<String> out = new ArrayList<>();
        while (c.next()) out.add(c.key().tojstring() + "=" + c.value().tojstring());
        return out;
    }

    private static List<String> byNext(LuaTable t) {
        List<String> out = new ArrayList<>();
        LuaValue k = LuaValue.NIL;
        for (Varargs e; !(k = (e = t.next(k)).arg1()).isnil(); ) out.add(k.tojstring() + "=" + e.arg(2).tojstring());
        return out;
    }
}
