package io.skyloom.numsky.lua;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.numsky.StopCheck;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Varargs;

/**
 * What issue 10 found numsky doing from Lua, each now refused or fixed: shapes and indices
 * that silently wrapped, casts numpy 2 refuses, shifts numpy gives 0 for, allocations and
 * nesting that ended the service, errors that spoke Java, and a loop kill could not stop.
 */
class LuaHardeningTest {

    final LuaRunner lua = new LuaRunner();

    // Errors raised inside a Lua function carry LuaJ's position ("=test:3 ..."): endsWith.

    String error(String call) {
        return lua.run("return err(" + call + ")").tojstring(1);
    }

    @Test
    void shapesMustBeNonNegativeIntegersAnArrayCanHave() {
        assertThat(error("ns.zeros, {2^32}")).isEqualTo("bad argument #1 to 'zeros' (shape[1] 4294967296 is more than numsky's 2147483639 elements)");
        assertThat(error("ns.zeros, {2^32 + 5}")).startsWith("bad argument #1 to 'zeros' (shape[1] 4294967301 is more");
        assertThat(error("ns.zeros, {1.5}")).isEqualTo("bad argument #1 to 'zeros' (shape[1] 1.5 has no integer representation)");
        assertThat(error("ns.ones, {2, -1}")).isEqualTo("bad argument #1 to 'ones' (shape[2] -1 is negative)");
        assertThat(error("ns.empty, 0/0")).isEqualTo("bad argument #1 to 'empty' (dimension nan has no integer representation)");
        assertThat(error("ns.zeros, 'x'")).isEqualTo("bad argument #1 to 'zeros' (shape (a table of integers or an integer) expected, got string)");
        assertThat(error("function() return ns.arange(1, 6):reshape(2, 1.5) end"))
                .isEqualTo("bad argument #2 to 'reshape' (dimension 1.5 has no integer representation)");
    }

    @Test
    void indicesMustBeIntegersAndNeverWrap() {
        Varargs r = lua.run("""
                local a = ns.array({10, 20})
                return err(function() return a[1.5] end), err(function() return a[2^32 + 1] end),
                       err(function() return a[ns.array({1.0, 2.5}, ns.float64)] end),
                       err(function() a[ns.array({1}, ns.float32)] = 0 end), err(function() return a[0] end),
                       a[-1], a[2^0], err(function() return a[ns.array({{1}, {2}})] end)
                """);
        assertThat(r.tojstring(1)).endsWith("array index 1.5 has no integer representation");
        assertThat(r.tojstring(2)).endsWith("index 4294967297 is out of range for axis 1 with size 2 (indices are 1-based; -1 is the last)");
        assertThat(r.tojstring(3)).endsWith("index arrays must be integers or bools, not float64");
        assertThat(r.tojstring(4)).endsWith("index arrays must be integers or bools, not float32");
        assertThat(r.tojstring(5)).contains("index 0 is out of range");
        assertThat(r.toint(6)).isEqualTo(20);
        assertThat(r.toint(7)).isEqualTo(10);
        assertThat(r.tojstring(8)).endsWith("an index array has 1 dimension, not 2");
    }

    @Test
    void tostringOfAHugeArraySummarisesAsNumpyDoes() {
        Varargs r = lua.run("""
                return tostring(ns.arange(0, 1000)), tostring(ns.zeros({2, 1001}, ns.int8)), #tostring(ns.zeros({10000000}, ns.int8))
                """);
        // numpy: array([0, 1, 2, ..., 998, 999, 1000], shape=(1001,)); Skyloom's line names the dtype too
        assertThat(r.tojstring(1)).isEqualTo("array([0, 1, 2, ..., 998, 999, 1000], shape=[1001], dtype=int64)");
        assertThat(r.tojstring(2)).isEqualTo("array([[0, 0, 0, ..., 0, 0, 0], [0, 0, 0, ..., 0, 0, 0]], shape=[2, 1001], dtype=int8)");
        assertThat(r.toint(3)).isLessThan(100);
    }

    @Test
    void valuesFromLuaRaiseWhereNumpy2RaisesAndAstypeWrapsAsNumpysDoes() {
        Varargs r = lua.run("""
                local u = ns.zeros({2}, ns.uint8)
                return err(ns.array, {300}, ns.uint8), err(ns.array, {1e300}, ns.int8), err(ns.array, {-1}, ns.uint32),
                       err(function() u[1] = 256 end), err(function() return u + 300 end), err(ns.array, {0/0}, ns.int64),
                       ns.array({300}):astype(ns.uint8)[1], ns.array({1e300}, ns.float64):astype(ns.int8)[1],
                       ns.array({1.9, -1.9}, ns.int8)[2], ns.array({1e300}, ns.float32)[1]
                """);
        assertThat(r.tojstring(1)).isEqualTo("bad argument #1 to 'array' (integer 300 is out of bounds for uint8 (0 to 255))");
        assertThat(r.tojstring(2)).isEqualTo("bad argument #1 to 'array' (number 1.0e300 is out of bounds for int8 (-128 to 127))");
        assertThat(r.tojstring(3)).contains("integer -1 is out of bounds for uint32");
        assertThat(r.tojstring(4)).endsWith("integer 256 is out of bounds for uint8 (0 to 255)");
        assertThat(r.tojstring(5)).endsWith("add: integer 300 is out of bounds for uint8 (0 to 255)");
        assertThat(r.tojstring(6)).contains("cannot convert float NaN to integer");
        assertThat(r.toint(7)).as("astype is a cast: it wraps").isEqualTo(44);
        assertThat(r.toint(8)).as("numpy on x86-64: 1e300 to int8 is 0").isZero();
        assertThat(r.toint(9)).as("floats truncate toward zero").isEqualTo(-1);
        assertThat(r.todouble(10)).isInfinite();
    }

    @Test
    void shiftsFollowNumpyForEveryCount() {
        Varargs r = lua.run("""
                local one, i8 = ns.array({1}), ns.array({1, -100}, ns.int8)
                return ns.shl(one, -1)[1], ns.shr(ns.array({-8}), -1)[1], ns.shr(ns.array({8}), -1)[1],
                       ns.shl(one, 64)[1], ns.shr(ns.array({-1}), 64)[1], ns.shl(i8, 7)[1], ns.shl(i8, 8)[1],
                       ns.shr(i8, 100)[2], ns.shl(one, 62)[1] == 2^62, ns.shl(1, -1), ns.shr(-8, -1)
                """);
        assertThat(r.toint(1)).isZero();
        assertThat(r.toint(2)).isEqualTo(-1);
        assertThat(r.toint(3)).isZero();
        assertThat(r.toint(4)).isZero();
        assertThat(r.toint(5)).isEqualTo(-1);
        assertThat(r.toint(6)).isEqualTo(-128);
        assertThat(r.toint(7)).isZero();
        assertThat(r.toint(8)).isEqualTo(-1);
        assertThat(r.arg(9).toboolean()).isTrue();
        assertThat(r.arg(10).isnumber()).as("two Lua numbers give a Lua number").isTrue();
        assertThat(r.toint(10)).isZero();
        assertThat(r.toint(11)).isEqualTo(-1);
    }

    @Test
    void anAllocationPastTheLimitIsAnErrorPcallCatchesAndTheStateGoesOn() {
        Varargs r = lua.run("""
                local a = err(ns.zeros, {1e10})
                local b = err(ns.zeros, {2^30})                -- 8 GiB of float64
                local c = err(ns.zeros, {2^16, 2^16}, ns.bool)
                local d = err(ns.arange, 1, 1e12)
                return a, b, c, d, ns.sum(ns.ones({1000}))
                """);
        assertThat(r.tojstring(1)).isEqualTo("bad argument #1 to 'zeros' (shape[1] 10000000000 is more than numsky's 2147483639 elements)");
        assertThat(r.tojstring(2)).isEqualTo("zeros: an array of shape [1073741824] and type float64 needs 8589934592 bytes,"
                + " more than numsky's limit of 1073741824 (-Dskyloom.numsky.maxBytes)");
        assertThat(r.tojstring(3)).startsWith("zeros: an array of shape [65536, 65536] has more than 2147483639 elements");
        assertThat(r.tojstring(4)).startsWith("arange: ");
        assertThat(r.todouble(5)).isEqualTo(1000);
    }

    @Test
    void nestingIsBoundedAt64Levels() {
        Varargs r = lua.run("""
                local t = {}
                t[1] = t
                local deep = 1
                for _ = 1, 65 do deep = {deep} end
                local ok64 = 1
                for _ = 1, 64 do ok64 = {ok64} end
                return err(ns.array, t), err(ns.array, deep), ns.array(ok64).ndim,
                       err(ns.zeros, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                      1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                      1, 1, 1, 1, 1})
                """);
        assertThat(r.tojstring(1)).isEqualTo("bad argument #1 to 'array' (tables nested deeper than 64 levels (does a table contain itself?))");
        assertThat(r.tojstring(2)).isEqualTo(r.tojstring(1));
        assertThat(r.toint(3)).as("numpy's 64 dimensions").isEqualTo(64);
        assertThat(r.tojstring(4)).isEqualTo("bad argument #1 to 'zeros' (a shape has at most 64 dimensions, not 65)");
    }

    @Test
    void errorsNameTheFunctionAndArgumentAsLuaDoes() {
        Varargs r = lua.run("""
                local a = ns.zeros({3})
                return err(function() return a:astype() end), err(function() return a:astype('complex64') end),
                       err(function() a[ns.array({true})] = 1 end), err(ns.slice, 1, 3, 0), err(ns.add, a, {}),
                       err(function() return ns.sum(a, 2) end), err(function() return a.reshape(5) end),
                       tostring(ns.arange(1, 10)[ns.slice(1, 3, 2^40)]), err(ns.sum), err(ns.linspace, 0, 1, -1)
                """);
        assertThat(r.tojstring(1)).endsWith("bad argument #1 to 'astype' (dtype (ns.float64, ns.int32, ...) expected, got no value)");
        assertThat(r.tojstring(2)).startsWith("bad argument #1 to 'astype' (unknown dtype 'complex64'");
        assertThat(r.tojstring(3)).endsWith("mask shape [1] does not match array shape [3]");
        assertThat(r.tojstring(4)).isEqualTo("bad argument #3 to 'slice' (step cannot be zero)");
        assertThat(r.tojstring(5)).isEqualTo("bad argument #2 to 'add' (numsky array, number or boolean expected, got table)");
        assertThat(r.tojstring(6)).endsWith("bad argument #2 to 'sum' (axis 2 is out of range for an array of 1 dimensions (axes are 1-based; -1 is the last))");
        assertThat(r.tojstring(7)).endsWith("calling 'reshape' on bad self (numsky array expected, got number)");
        assertThat(r.tojstring(8)).as("a huge step clamps, as numpy's does").isEqualTo("array([1], dtype=int64)");
        assertThat(r.tojstring(9)).isEqualTo("bad argument #1 to 'sum' (numsky array expected, got no value)");
        assertThat(r.tojstring(10)).startsWith("bad argument #3 to 'linspace' (a count from 0 to");
    }

    @Test
    void noFunctionCalledWithNoOrBadArgumentsSpeaksJava() {
        Varargs r = lua.run("""
                local bad = {}
                local a = ns.zeros({2, 2})
                for name, f in pairs(ns) do
                    if type(f) == "function" then
                        for _, args in ipairs({{}, {"x"}, {a, "x"}, {a, a, "x"}, {{}, {}}, {a, 0/0}, {1, 2, 3, 4, 5}}) do
                            local ok, e = pcall(f, (table.unpack or unpack)(args))
                            local s = tostring(e)
                            if not ok and (s:find("java") or s:find("null") or s:find("vm error") or s:find("Exception")) then
                                bad[#bad + 1] = name .. ": " .. s
                            end
                        end
                    end
                end
                for _, m in ipairs({"reshape", "flatten", "copy", "astype", "sum", "argmax"}) do
                    for _, args in ipairs({{}, {"x"}, {0/0}, {{}}}) do
                        local ok, e = pcall(a[m], a, (table.unpack or unpack)(args))
                        local s = tostring(e)
                        if not ok and (s:find("java") or s:find("null") or s:find("Exception")) then bad[#bad + 1] = m .. ": " .. s end
                    end
                end
                for _, k in ipairs({1.5, {}, {1, 2, 3}, {"x"}, true, ns.array({1.5}, ns.float64), ns.array({true})}) do
                    local ok, e = pcall(function() return a[k] end)
                    local ok2, e2 = pcall(function() a[k] = {} end)
                    for _, s in ipairs({tostring(e), tostring(e2)}) do
                        if s:find("java") or s:find("null") or s:find("Exception") then bad[#bad + 1] = "index: " .. s end
                    end
                end
                return table.concat(bad, "\\n")
                """);
        assertThat(r.tojstring(1)).isEmpty();
    }

    @Test
    void aLongOperationPollsTheInstalledStopCheck() {
        AtomicInteger polls = new AtomicInteger();
        StopCheck.install(() -> {
            if (polls.incrementAndGet() == 3) throw new StopCheck.Stopped("stopped by the test");
        });
        try {
            // Stopped is an Error: pcall does not catch it, so the service's stop unwinds everything.
            Assertions.assertThatThrownBy(() -> lua.run("return pcall(ns.sum, ns.ones({" + (4 * StopCheck.EVERY) + "}))"))
                    .isInstanceOf(StopCheck.Stopped.class).hasMessage("stopped by the test");
        } finally {
            StopCheck.install(null);
        }
        assertThat(polls.get()).isEqualTo(3);
        assertThat(lua.run("return ns.sum(ns.ones({" + (4 * StopCheck.EVERY) + "}))").todouble(1)).isEqualTo(4 * StopCheck.EVERY);
    }
}
