package io.skyloom.lua.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;

/** Frozen data read through views of several Lua states: one copy, read-only, following a root. */
class SharedViewTest {

    /** A Lua state with the base, string and table libraries: no luajava, no io, no os. */
    static Globals state() {
        Globals g = new Globals();
        g.load(new BaseLib());
        g.load(new PackageLib());
        g.load(new TableLib());
        g.load(new StringLib());
        LuaC.install(g);
        return g;
    }

    static Varargs run(Globals g, String code, LuaValue arg) {
        return g.load(code).invoke(arg);
    }

    static Frozen sample() {
        LuaTable t = (LuaTable) run(state(), "return { name = 'cfg', sub = { value = 7 }, list = { 'a', 'b', 'c' } }",
                LuaValue.NIL).arg1();
        return Frozen.of(t);
    }

    @Test
    void twoStatesReadTheSameJavaDataWithoutACopy() {
        SharedRoot root = new SharedRoot(sample());
        SharedView a = new SharedView(root);
        SharedView b = new SharedView(root);
        assertThat(a.node()).isSameAs(b.node()).isSameAs(root.data());
        assertThat(((SharedView) a.get("sub")).node()).isSameAs(((SharedView) b.get("sub")).node());
        Varargs r = run(state(), """
                local t = ...
                local keys = {}
                for k in pairs(t) do keys[#keys + 1] = k end
                table.sort(keys)
                local list = {}
                for i, v in ipairs(t.list) do list[i] = v end
                return table.concat(keys, ","), t.sub.value, #t.list, table.concat(list, ""), t.sub == t.sub,
                    table.concat(t.list, "-"), select(2, table.unpack(t.list))
                """, a);
        assertThat(r.tojstring(1)).isEqualTo("list,name,sub");
        assertThat(r.toint(2)).isEqualTo(7);
        assertThat(r.toint(3)).isEqualTo(3);
        assertThat(r.tojstring(4)).isEqualTo("abc");
        assertThat(r.toboolean(5)).isTrue();
        assertThat(r.tojstring(6)).isEqualTo("a-b-c");
        assertThat(r.tojstring(7)).isEqualTo("b");
    }

    @Test
    void everyWayOfWritingRaisesAndChangesNothing() {
        SharedView v = new SharedView(new SharedRoot(sample()));
        Globals g = state();
        for (String write : new String[] {"local t = ... t.name = 1", "local t = ... rawset(t, 'x', 1)",
                "local t = ... table.insert(t.list, 'd')", "local t = ... table.remove(t.list)",
                "local t = ... table.sort(t.list)", "local t = ... setmetatable(t, {})", "local t = ... t.list[1] = 'z'"}) {
            assertThatThrownBy(() -> run(g, write, v)).as(write).isInstanceOf(LuaError.class).hasMessageContaining("read-only");
        }
        assertThat(run(g, "local t = ... return t.list[1], #t.list", v).tojstring(1)).isEqualTo("a");
    }

    @Test
    void freezingTakesASnapshotAndAViewFollowsItsRootToTheNextVersion() {
        Globals g = state();
        LuaTable src = (LuaTable) run(g, "return { n = 1, sub = { v = 'old' } }", LuaValue.NIL).arg1();
        SharedRoot root = new SharedRoot(Frozen.of(src));
        run(g, "local t = ... t.n = 99", src);
        SharedView view = new SharedView(root);
        LuaValue sub = view.get("sub");
        assertThat(view.get("n").toint()).isEqualTo(1);
        root.set(Frozen.of((LuaTable) run(g, "return { n = 2, sub = { v = 'new' } }", LuaValue.NIL).arg1()));
        assertThat(view.get("n").toint()).isEqualTo(2);
        assertThat(sub.get("v").tojstring()).isEqualTo("new");
        root.set(Frozen.of((LuaTable) run(g, "return { n = 3 }", LuaValue.NIL).arg1()));
        assertThat(sub.get("v").isnil()).as("a sub-table gone in the new version reads empty").isTrue();
    }

    @Test
    void whatCannotBeSharedIsRefusedByName() {
        Globals g = state();
        assertThatThrownBy(() -> Frozen.of((LuaTable) run(g, "return { f = print }", LuaValue.NIL).arg1()))
                .hasMessageContaining("cannot share a function");
        assertThatThrownBy(() -> Frozen.of((LuaTable) run(g, "local t = {} t.me = t return t", LuaValue.NIL).arg1()))
                .hasMessageContaining("cycle");
        Frozen shared = Frozen.of((LuaTable) run(g, "local s = { 1 } return { a = s, b = s }", LuaValue.NIL).arg1());
        assertThat(shared.get(LuaValue.valueOf("a"))).isSameAs(shared.get(LuaValue.valueOf("b")));
    }

    @Test
    void aViewForgetsTheChildrenOfKeysANewVersionLacks() {
        SharedRoot root = new SharedRoot(sample());
        SharedView v = new SharedView(root);
        for (int n = 0; n < 100; n++) {
            LuaTable t = (LuaTable) run(state(), "local n = ... return { ['player' .. n] = { hp = n } }", LuaValue.valueOf(n)).arg1();
            root.set(Frozen.of(t));
            assertThat(((SharedView) v.get("player" + n)).get("hp").toint()).isEqualTo(n);
        }
        assertThat(v.children()).as("only the key of the current version is kept").isEqualTo(1);
    }
}
