package io.skyloom.numsky.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.Bit32Lib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/** The Lua face of numsky in a plain LuaJ state. */
class NumskyLibTest {

    final Globals g = new Globals();

    {
        g.load(new BaseLib());
        g.load(new PackageLib());
        g.load(new Bit32Lib());
        g.load(new TableLib());
        g.load(new StringLib());
        g.load(new JseMathLib());
        LoadState.install(g);
        LuaC.install(g);
        ((LuaTable) g.get("package").get("preload")).set("numsky", NumskyLib.INSTANCE);
    }

    Varargs run(String lua) {
        return g.load("local ns = require 'numsky'\n" + lua, "=test").invoke();
    }

    @Test
    void arraysHavePropertiesAndOneBasedIndexing() {
        Varargs r = run("""
                local a = ns.array({{1, 2, 3}, {4, 5, 6}})
                return a.ndim, a.shape[1], a.shape[2], a.dtype, a[2][3], a[-1][1], a[{1, 2}], #a, a.strides[1]
                """);
        assertThat(r.toint(1)).isEqualTo(2);
        assertThat(r.toint(2)).isEqualTo(2);
        assertThat(r.toint(3)).isEqualTo(3);
        assertThat(r.tojstring(4)).isEqualTo("int64");
        assertThat(r.toint(5)).isEqualTo(6);
        assertThat(r.toint(6)).isEqualTo(4);
        assertThat(r.toint(7)).isEqualTo(2);
        assertThat(r.toint(8)).isEqualTo(2);
        assertThat(r.toint(9)).isEqualTo(24);
    }

    @Test
    void slicesTakeInclusiveLuaBoundsAndAreViews() {
        Varargs r = run("""
                local a = ns.arange(1, 10)          -- 1..10, stop included
                local mid = a[ns.slice(2, 4)]       -- 2, 3, 4
                local back = a[ns.slice(-1, -4, -1)] -- 10, 9, 8, 7
                mid[1] = 100                          -- writes through the view
                return tostring(mid), tostring(back), a[2]
                """);
        assertThat(r.tojstring(1)).isEqualTo("array([100, 3, 4], dtype=int64)");
        assertThat(r.tojstring(2)).isEqualTo("array([10, 9, 8, 7], dtype=int64)");
        assertThat(r.toint(3)).isEqualTo(100);
    }

    @Test
    void arithmeticMetamethodsAndFunctions() {
        Varargs r = run("""
                -- LuaJ keeps no float subtype: 1.0 is integral, so float arrays name their dtype
                local a = ns.array({1.0, 2.0, 3.0}, ns.float64)
                local b = ns.array({10, 20, 30}, ns.float64)
                local c = (a + b) * 2 - 1
                local m = ns.gt(a, 1.5)
                return c[1], c[3], (-a)[2], (b / a)[3], (b % 7)[1], (a ^ 2)[3], ns.sum(c), ns.sum(m),
                       tostring(a[m]), ns.band(ns.array({12}), 10)[1], ns.idiv(ns.array({-7}), 2)[1]
                """);
        assertThat(r.todouble(1)).isEqualTo(21);
        assertThat(r.todouble(2)).isEqualTo(65);
        assertThat(r.todouble(3)).isEqualTo(-2);
        assertThat(r.todouble(4)).isEqualTo(10);
        assertThat(r.todouble(5)).isEqualTo(3);
        assertThat(r.todouble(6)).isEqualTo(9);
        assertThat(r.todouble(7)).isEqualTo(129);
        assertThat(r.toint(8)).isEqualTo(2);
        assertThat(r.tojstring(9)).isEqualTo("array([2.0, 3.0], dtype=float64)");
        assertThat(r.toint(10)).isEqualTo(8);
        assertThat(r.toint(11)).isEqualTo(-4);
    }

    @Test
    void aThirdArgumentIsNumpysOutAndComesBackItself() {
        Varargs r = run("""
                local a, b = ns.array({1, 2, 3}, ns.float64), ns.array({10, 20, 30}, ns.float64)
                local out = ns.zeros({3}, ns.float64)
                local same = ns.add(a, b, out) == out
                ns.mul(out, 2, out)
                return same, out[1], out[3], pcall(ns.add, a, b, ns.zeros({3}, ns.int64))
                """);
        assertThat(r.arg(1).toboolean()).isTrue();
        assertThat(r.arg(2).todouble()).isEqualTo(22);
        assertThat(r.arg(3).todouble()).isEqualTo(66);
        assertThat(r.arg(4).toboolean()).isFalse();
        assertThat(r.tojstring(5)).contains("same_kind");
    }

    @Test
    void anIndexArrayWorksOnAnyAxisBesideSlices() {
        Varargs r = run("""
                local x = ns.arange(0, 11, 1, ns.int64):reshape(3, 4)
                local picked = x[{ns.slice(1, 2), ns.array({4, 1})}]     -- rows 1-2, columns 4 and 1
                x[{ns.slice(1, 3), ns.array({2})}] = -1                   -- column 2 of every row
                local ok, err = pcall(function() return x[{1, ns.array({1})}] end)
                return tostring(picked), x[{3, 2}], x[{3, 3}], ok, err
                """);
        assertThat(r.tojstring(1)).isEqualTo("array([[3, 0], [7, 4]], dtype=int64)");
        assertThat(r.toint(2)).isEqualTo(-1);
        assertThat(r.toint(3)).isEqualTo(10);
        assertThat(r.arg(4).toboolean()).isFalse();
        assertThat(r.tojstring(5)).contains("only ns.slice values");
    }

    @Test
    void assignmentThroughIndexesMasksAndIndexArrays() {
        Varargs r = run("""
                local a = ns.zeros({2, 3})
                a[{2, 3}] = 7
                a[1] = 1
                local m = ns.gt(a, 5)
                a[m] = -1
                local v = ns.arange(1, 5)
                v[ns.array({1, 5})] = 0
                return tostring(a), tostring(v), ns.sum(a, 2)[1], a:reshape(3, 2).shape[1]
                """);
        assertThat(r.tojstring(1)).isEqualTo("array([[1.0, 1.0, 1.0], [0.0, 0.0, -1.0]], dtype=float64)");
        assertThat(r.tojstring(2)).isEqualTo("array([0, 2, 3, 4, 0], dtype=int64)");
        assertThat(r.todouble(3)).isEqualTo(3);
        assertThat(r.toint(4)).isEqualTo(3);
    }

    @Test
    void badInputRaisesLuaErrorsThatSayWhat() {
        assertThatThrownBy(() -> run("return ns.array({1, 2}) + ns.array({1, 2, 3})"))
                .isInstanceOf(LuaError.class).hasMessageContaining("could not be broadcast");
        assertThatThrownBy(() -> run("return ns.array({1, 2})[3]")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> run("return ns.zeros({2}, 'complex64')")).hasMessageContaining("unknown dtype");
        assertThatThrownBy(() -> run("return ns.array({1, 'x'})")).hasMessageContaining("bad argument #1 to 'array'").hasMessageContaining("found a string");
        assertThatThrownBy(() -> run("return ns.arange(1, 6):reshape(4, 2)")).hasMessageContaining("cannot reshape");
        assertThat(run("return getmetatable(ns.zeros({1}))").tojstring(1)).isEqualTo("numsky.ndarray");
    }
}
