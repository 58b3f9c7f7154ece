package io.skyloom.numsky.lua;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.numsky.NDArray;
import io.skyloom.numsky.Npy;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Varargs;

/** An array received in place ({@link Npy#view}) as a Lua service sees it: read, computed on, and written when its bytes allow. */
class LuaViewTest {

    final LuaRunner lua = new LuaRunner();

    static NDArray view(boolean readOnly) {
        byte[] npy = Npy.toBytes(NDArray.linspace(1, 6, 6).reshape(2, 3));
        ByteBuffer b = ByteBuffer.allocateDirect(npy.length).put(npy).flip();
        return Npy.view(readOnly ? b.asReadOnlyBuffer() : b, () -> {});
    }

    @Test
    void aViewReadsAndComputesAsAnyArray() {
        lua.g.set("v", NumskyLib.INSTANCE.wrap(view(true)));
        Varargs r = lua.run("""
                return v[{2, 3}], ns.sum(v), ns.max(v[{ns.slice(1, 2), 2}]), tostring(v * 2), v:copy()[1][1], v.shape[2]
                """);
        assertThat(r.todouble(1)).isEqualTo(6.0);
        assertThat(r.todouble(2)).isEqualTo(21.0);
        assertThat(r.todouble(3)).isEqualTo(5.0);
        assertThat(r.tojstring(4)).isEqualTo("array([[2.0, 4.0, 6.0], [8.0, 10.0, 12.0]], dtype=float64)");
        assertThat(r.todouble(5)).isEqualTo(1.0);
        assertThat(r.toint(6)).isEqualTo(3);
    }

    @Test
    void aReadOnlyViewRefusesWritesWithNumpysWords() {
        NDArray v = view(true);
        lua.g.set("v", NumskyLib.INSTANCE.wrap(v));
        Varargs r = lua.run("""
                return err(function() v[{1, 1}] = 5 end), err(function() v[ns.array({1})] = 0 end),
                       err(function() v[ns.gt(v, 3)] = 0 end), err(ns.add, v, 1, v), err(function() v[2] = v[1] end)
                """);
        for (int i = 1; i <= 5; i++) assertThat(r.tojstring(i)).endsWith("assignment destination is read-only");
        assertThat(v.toDoubleArray()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void aWritableViewTakesWrites() {
        NDArray v = view(false);
        lua.g.set("v", NumskyLib.INSTANCE.wrap(v));
        lua.run("v[{1, 1}] = 10; ns.add(v, 1, v); v[2] = 0");
        assertThat(v.toDoubleArray()).containsExactly(11, 3, 4, 0, 0, 0);
        assertThat(Npy.isView(v)).isTrue();
    }
}
