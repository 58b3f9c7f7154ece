package io.skyloom.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.ZeroArgFunction;
import org.junit.jupiter.api.Test;

class LuaValuesTest {

    @Test
    void utf8StringsBecomeStringsAndOtherBytesStayBytes() {
        assertThat(LuaValues.toJava(LuaValue.valueOf("héllo"))).isEqualTo("héllo");
        Object raw = LuaValues.toJava(LuaString.valueOf(new byte[] {(byte) 0xff, 0, 'a'}));
        assertThat(raw).isInstanceOf(byte[].class);
        assertThat((byte[]) raw).containsExactly(0xff, 0, 'a');
        assertThat(((LuaString) LuaValues.toLua(raw)).m_length).isEqualTo(3);
    }

    @Test
    void integralNumbersBecomeLongsAndOthersDoubles() {
        assertThat(LuaValues.toJava(LuaValue.valueOf(42))).isEqualTo(42L);
        assertThat(LuaValues.toJava(LuaValue.valueOf(3.0))).isEqualTo(3L);
        assertThat(LuaValues.toJava(LuaValue.valueOf(0.5))).isEqualTo(0.5);
        assertThat(LuaValues.toJava(LuaValue.valueOf(Math.pow(2, 60)))).isEqualTo(Math.pow(2, 60));
        assertThat(LuaValues.toLua(1L << 40).todouble()).isEqualTo((double) (1L << 40));
    }

    @Test
    void sequencesBecomeListsAndOtherTablesMaps() {
        LuaTable seq = LuaValue.listOf(new LuaValue[] {LuaValue.valueOf(1), LuaValue.valueOf("b")});
        assertThat(LuaValues.toJava(seq)).isEqualTo(List.of(1L, "b"));
        LuaTable holes = new LuaTable();
        holes.set(1, LuaValue.valueOf("a"));
        holes.set(3, LuaValue.valueOf("c"));
        assertThat(LuaValues.toJava(holes)).isEqualTo(Map.of(1L, "a", 3L, "c"));
        LuaTable mixed = new LuaTable();
        mixed.set(1, LuaValue.valueOf("a"));
        mixed.set("k", LuaValue.TRUE);
        assertThat(LuaValues.toJava(mixed)).isEqualTo(Map.of(1L, "a", "k", true));
        assertThat(LuaValues.toJava(new LuaTable())).isEqualTo(List.of());
    }

    @Test
    void javaValuesComeBackAsTheSameLuaShapes() {
        LuaValue t = LuaValues.toLua(Map.of("list", List.of(1L, 2L), "n", 2.5));
        assertThat(t.get("list").get(2).toint()).isEqualTo(2);
        assertThat(t.get("n").todouble()).isEqualTo(2.5);
        assertThat(LuaValues.toLua((Object) null).isnil()).isTrue();
    }

    @Test
    void cyclesFunctionsAndUnknownObjectsAreRefusedClearly() {
        LuaTable self = new LuaTable();
        self.set("me", self);
        assertThatThrownBy(() -> LuaValues.toJava(self)).isInstanceOf(LuaError.class).hasMessageContaining("itself");
        assertThatThrownBy(() -> LuaValues.toJava(new ZeroArgFunction() {
            public LuaValue call() { return NIL; }
        })).isInstanceOf(LuaError.class).hasMessageContaining("function");
        assertThatThrownBy(() -> LuaValues.toLua(new Object())).isInstanceOf(LuaError.class).hasMessageContaining("java.lang.Object");
    }

    @Test
    void aPackSharesNoTableWithTheSenderNorBetweenUnpacks() {
        LuaTable inner = new LuaTable();
        inner.set(1, LuaValue.valueOf(7));
        LuaTable outer = new LuaTable();
        outer.set("inner", inner);
        outer.set(1, LuaValue.valueOf("first"));
        LuaPack pack = LuaPack.of(LuaValue.varargsOf(new LuaValue[] {outer, LuaValue.valueOf(3)}), 1);
        inner.set(1, LuaValue.valueOf(99));          // the sender's change after pack is not in the message
        Varargs a = pack.unpack();
        Varargs b = pack.unpack();
        assertThat(a.narg()).isEqualTo(2);
        assertThat(a.arg(2).toint()).isEqualTo(3);
        assertThat(a.arg1()).isNotSameAs(outer).isNotSameAs(b.arg1());
        assertThat(a.arg1().get("inner")).isNotSameAs(inner).isNotSameAs(b.arg1().get("inner"));
        assertThat(a.arg1().get("inner").get(1).toint()).isEqualTo(7);
        a.arg1().get("inner").set(1, LuaValue.valueOf(-1));   // one receiver's change is not the other's
        assertThat(b.arg1().get("inner").get(1).toint()).isEqualTo(7);
        assertThat(b.arg1().get(1).tojstring()).isEqualTo("first");
        assertThat(b.arg1().length()).isEqualTo(1);
    }
}
