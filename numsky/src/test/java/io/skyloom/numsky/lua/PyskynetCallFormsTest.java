package io.skyloom.numsky.lua;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.Varargs;

/**
 * Every call form pyskynet's docs/numsky.md documents, run in Lua through the binding:
 * dtypes, constructors with their dtype where pyskynet takes it, slices and indexes, the
 * unary, binary and reduce functions, properties and methods, and the functions its TODO
 * list names. Expected values follow from the documented semantics (1-based, inclusive
 * ranges) or from Lua's own math.
 */
class PyskynetCallFormsTest {

    final LuaRunner lua = new LuaRunner();

    @Test
    void everyDocumentedDtypeNamesItself() {
        Varargs r = lua.run("""
                local names = {}
                for _, t in ipairs({ns.bool, ns.int8, ns.int16, ns.int32, ns.int64, ns.uint8, ns.uint16,
                                    ns.uint32, ns.float32, ns.float64}) do
                    names[#names + 1] = ns.zeros({1}, t).dtype
                end
                return table.concat(names, " ")
                """);
        assertThat(r.tojstring(1)).isEqualTo("bool int8 int16 int32 int64 uint8 uint16 uint32 float32 float64");
    }

    @Test
    void zerosEmptyOnesTakeAShapeAndADtype() {
        Varargs r = lua.run("""
                local z, e, o = ns.zeros({2, 3}, ns.int32), ns.empty({4}, ns.uint8), ns.ones(3, ns.float32)
                return z.dtype, z.shape[1], z.shape[2], ns.sum(z), e.dtype, #e, o.dtype, o.shape[1], ns.sum(o),
                       ns.zeros({2}).dtype, ns.ones({2, 2}, ns.bool)[{2, 2}]
                """);
        assertThat(r.tojstring(1)).isEqualTo("int32");
        assertThat(r.toint(2)).isEqualTo(2);
        assertThat(r.toint(3)).isEqualTo(3);
        assertThat(r.toint(4)).isZero();
        assertThat(r.tojstring(5)).isEqualTo("uint8");
        assertThat(r.toint(6)).isEqualTo(4);
        assertThat(r.tojstring(7)).isEqualTo("float32");
        assertThat(r.toint(8)).isEqualTo(3);
        assertThat(r.todouble(9)).isEqualTo(3.0);
        assertThat(r.tojstring(10)).isEqualTo("float64");
        assertThat(r.arg(11).toboolean()).isTrue();
    }

    @Test
    void arrayTakesATableAndADtype() {
        Varargs r = lua.run("""
                local arr = ns.array({1,2,3,4,5,6}, ns.int8)            -- the doc's example
                local nested = ns.array({{1, 2}, {3, 4}})
                local of_arrays = ns.array({ns.array({1, 2}), ns.array({3, 4})}, ns.float32)
                return arr.dtype, #arr, arr[6], nested.dtype, nested[{2, 1}], ns.array({true, false}).dtype,
                       ns.array({1.5, 2}).dtype, tostring(of_arrays)
                """);
        assertThat(r.tojstring(1)).isEqualTo("int8");
        assertThat(r.toint(2)).isEqualTo(6);
        assertThat(r.toint(3)).isEqualTo(6);
        assertThat(r.tojstring(4)).isEqualTo("int64");
        assertThat(r.toint(5)).isEqualTo(3);
        assertThat(r.tojstring(6)).isEqualTo("bool");
        assertThat(r.tojstring(7)).isEqualTo("float64");
        assertThat(r.tojstring(8)).isEqualTo("array([[1.0, 2.0], [3.0, 4.0]], dtype=float32)");
    }

    @Test
    void arangeIncludesStopAndTakesTheDtypeLast() {
        Varargs r = lua.run("""
                local doc = ns.arange(1, 100, ns.float32)                -- the doc's example: [1, 100]
                local stepped = ns.arange(1, 10, 2)
                local down = ns.arange(10, 1, -3)
                local typed = ns.arange(0, 6, 2, ns.int16)
                local halves = ns.arange(1, 2, 0.5)
                return doc.dtype, #doc, doc[1], doc[-1], tostring(stepped), tostring(down), tostring(typed),
                       tostring(halves), #ns.arange(0, 0.3, 0.1), #ns.arange(5, 1)
                """);
        assertThat(r.tojstring(1)).isEqualTo("float32");
        assertThat(r.toint(2)).isEqualTo(100);
        assertThat(r.todouble(3)).isEqualTo(1);
        assertThat(r.todouble(4)).isEqualTo(100);
        assertThat(r.tojstring(5)).isEqualTo("array([1, 3, 5, 7, 9], dtype=int64)");
        assertThat(r.tojstring(6)).isEqualTo("array([10, 7, 4, 1], dtype=int64)");
        assertThat(r.tojstring(7)).isEqualTo("array([0, 2, 4, 6], dtype=int16)");
        assertThat(r.tojstring(8)).isEqualTo("array([1.0, 1.5, 2.0], dtype=float64)");
        assertThat(r.toint(9)).as("0.3 / 0.1 rounds to just under 3; the stop still counts").isEqualTo(4);
        assertThat(r.toint(10)).isZero();
    }

    @Test
    void linspaceTakesNumEndpointAndDtype() {
        Varargs r = lua.run("""
                local doc = ns.linspace(1, 20, 20, false)              -- the doc's example: step 19/20
                local ok = true
                for i = 1, 20 do ok = ok and math.abs(doc[i] - (1 + (i - 1) * 0.95)) < 1e-12 end
                local closed = ns.linspace(0, 1, 5)
                local typed = ns.linspace(0, 1, 3, true, ns.float32)
                local ints = ns.linspace(-10, 0, 4, ns.int64)          -- numpy 2 floors: -10, -6.67, -3.33, 0
                return ok, #doc, doc[20], tostring(closed), tostring(typed), tostring(ints), #ns.linspace(0, 1)
                """);
        assertThat(r.arg(1).toboolean()).isTrue();
        assertThat(r.toint(2)).isEqualTo(20);
        assertThat(r.todouble(3)).isCloseTo(19.05, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.tojstring(4)).isEqualTo("array([0.0, 0.25, 0.5, 0.75, 1.0], dtype=float64)");
        assertThat(r.tojstring(5)).isEqualTo("array([0.0, 0.5, 1.0], dtype=float32)");
        assertThat(r.tojstring(6)).isEqualTo("array([-10, -7, -4, 0], dtype=int64)");
        assertThat(r.toint(7)).as("numpy's default num").isEqualTo(50);
    }

    @Test
    void slicesIndexesAndIndexArraysAsTheDocShowsThem() {
        Varargs r = lua.run("""
                local v = ns.arange(1, 6)
                local s = v[ns.slice(1, 4, 1)]                           -- [1, 4], both included
                -- The doc's row: both bounds are included, so ns.slice(-1, -4, -1) is the last
                -- four (pyskynet's source agrees; its table's numpy column says -1:-4:-1, three).
                local arr = ns.arange(0, 179):reshape(2, 3, 5, 6)        -- arr[0, -2, 1:4, -1:-5:-1] in numpy
                local sub = arr[{1, -2, ns.slice(2, 4), ns.slice(-1, -4, -1)}]
                local ok = sub.shape[1] == 3 and sub.shape[2] == 4
                for i = 1, 3 do
                    for j = 1, 4 do
                        ok = ok and sub[{i, j}] == 1 * 30 + i * 6 + (6 - j)
                    end
                end
                local picked = v[ns.array({1, 2, 3, 4})]
                return tostring(s), ok, tostring(picked)
                """);
        assertThat(r.tojstring(1)).isEqualTo("array([1, 2, 3, 4], dtype=int64)");
        assertThat(r.arg(2).toboolean()).isTrue();
        assertThat(r.tojstring(3)).isEqualTo("array([1, 2, 3, 4], dtype=int64)");
    }

    @Test
    void everyUnaryFunctionMatchesLuasMath() {
        Varargs r = lua.run("""
                local x = ns.array({0.25, 0.5, 0.75}, ns.float64)
                local checks = {
                    unm = function(v) return -v end, abs = math.abs, ceil = math.ceil, floor = math.floor,
                    acos = math.acos, asin = math.asin, atan = math.atan, cos = math.cos, sin = math.sin,
                    tan = math.tan, deg = math.deg, rad = math.rad, log = math.log, exp = math.exp,
                    sqrt = math.sqrt,
                }
                local bad = {}
                for name, f in pairs(checks) do
                    local y = ns[name](x)
                    for i = 1, 3 do
                        if math.abs(y[i] - f(x[i])) > 1e-12 then bad[#bad + 1] = name end
                    end
                end
                local n = ns.bnot(ns.array({0, 5}, ns.int8))
                return #bad, table.concat(bad, ","), n[1], n[2], ns.sqrt(16), ns.add(2, 3.5), ns.gt(2, 1)
                """);
        assertThat(r.tojstring(2)).isEmpty();
        assertThat(r.toint(1)).isZero();
        assertThat(r.toint(3)).isEqualTo(-1);
        assertThat(r.toint(4)).isEqualTo(-6);
        assertThat(r.todouble(5)).as("numbers in, numbers out, as pyskynet's ufuncs").isEqualTo(4.0);
        assertThat(r.todouble(6)).isEqualTo(5.5);
        assertThat(r.arg(7).toboolean()).isTrue();
    }

    @Test
    void everyBinaryFunctionComputesElementwise() {
        Varargs r = lua.run("""
                local a, b = ns.array({12, -7, 9}), ns.array({5, 2, 3})
                local want = {
                    add = {17, -5, 12}, sub = {7, -9, 6}, mul = {60, -14, 27}, div = {2.4, -3.5, 3},
                    idiv = {2, -4, 3}, mod = {2, 1, 0}, pow = {248832, 49, 729}, band = {4, 0, 1},
                    bor = {13, -5, 11}, bxor = {9, -5, 10}, shl = {384, -28, 72}, shr = {0, -2, 1},
                    eq = {false, false, false}, ne = {true, true, true}, lt = {false, true, false},
                    le = {false, true, false}, gt = {true, false, true}, ge = {true, false, true},
                    fmax = {12, 2, 9}, fmin = {5, -7, 3},
                }
                local bad = {}
                for name, w in pairs(want) do
                    local y = ns[name](a, b)
                    for i = 1, 3 do
                        if y[i] ~= w[i] then bad[#bad + 1] = name .. "[" .. i .. "]=" .. tostring(y[i]) end
                    end
                end
                local t = ns.atan2(ns.array({1.0}, ns.float64), ns.array({2.0}, ns.float64))[1]
                return table.concat(bad, ","), math.abs(t - math.atan2(1, 2)) < 1e-15
                """);
        assertThat(r.tojstring(1)).isEmpty();
        assertThat(r.arg(2).toboolean()).isTrue();
    }

    @Test
    void reduceFunctionsWholeAndAlongAnAxis() {
        Varargs r = lua.run("""
                local m = ns.array({{1, 5, 3}, {4, 2, 6}})
                local b = ns.gt(m, 4)
                return ns.sum(m), ns.prod(m), ns.max(m), ns.min(m), ns.any(b), ns.all(b),
                       tostring(ns.sum(m, 1)), tostring(ns.max(m, 2)), tostring(ns.min(m, -1)), m:sum(), m:prod(2)[2]
                """);
        assertThat(r.toint(1)).isEqualTo(21);
        assertThat(r.toint(2)).isEqualTo(720);
        assertThat(r.toint(3)).isEqualTo(6);
        assertThat(r.toint(4)).isEqualTo(1);
        assertThat(r.arg(5).toboolean()).isTrue();
        assertThat(r.arg(6).toboolean()).isFalse();
        assertThat(r.tojstring(7)).isEqualTo("array([5, 7, 9], dtype=int64)");
        assertThat(r.tojstring(8)).isEqualTo("array([5, 6], dtype=int64)");
        assertThat(r.tojstring(9)).isEqualTo("array([1, 2], dtype=int64)");
        assertThat(r.toint(10)).isEqualTo(21);
        assertThat(r.toint(11)).isEqualTo(48);
    }

    @Test
    void reduceFunctionsTakeATableOfAxesAsPyskynetsSourceDoes() {
        Varargs r = lua.run("""
                local a = ns.arange(1, 24):reshape(2, 3, 4)
                return tostring(ns.sum(a, {1, 3})), tostring(ns.max(a, {3, 1})), ns.sum(a, {1, 2, 3}),
                       err(ns.sum, a, {1, 1}), err(ns.mean, a, {1, 2}), tostring(ns.all(ns.gt(a, 0), {2}))
                """);
        assertThat(r.tojstring(1)).isEqualTo("array([68, 100, 132], dtype=int64)");
        assertThat(r.tojstring(2)).isEqualTo("array([16, 20, 24], dtype=int64)");
        assertThat(r.toint(3)).isEqualTo(300);
        assertThat(r.tojstring(4)).isEqualTo("bad argument #2 to 'sum' (axis 1 is named twice)");
        assertThat(r.tojstring(5)).isEqualTo("bad argument #2 to 'mean' (number expected, got table)");
        assertThat(r.tojstring(6)).isEqualTo("array([[True, True, True, True], [True, True, True, True]], dtype=bool)");
    }

    @Test
    void operatorsOfTheDocsTable() {
        Varargs r = lua.run("""
                local a1, a2 = ns.array({1, 6}), ns.array({3, 4})
                return tostring(a1 + a2), tostring(ns.band(a1, a2)), tostring(ns.gt(a1, a2))
                """);
        assertThat(r.tojstring(1)).isEqualTo("array([4, 10], dtype=int64)");
        assertThat(r.tojstring(2)).isEqualTo("array([1, 4], dtype=int64)");
        assertThat(r.tojstring(3)).isEqualTo("array([False, True], dtype=bool)");
    }

    @Test
    void propertiesAndMethods() {
        Varargs r = lua.run("""
                local arr = ns.arange(1, 6, ns.int32):reshape(2, 3)
                local flat, copy, as = arr:flatten(), arr:copy(), arr:astype(ns.float64)
                copy[{1, 1}] = 100
                local reshaped = arr:reshape({3, 2})
                return arr.ndim, arr.shape[1], arr.shape[2], arr.strides[1], arr.strides[2], arr.dtype,
                       tostring(flat), arr[{1, 1}], as.dtype, as[{2, 3}], reshaped.shape[1]
                """);
        assertThat(r.toint(1)).isEqualTo(2);
        assertThat(r.toint(2)).isEqualTo(2);
        assertThat(r.toint(3)).isEqualTo(3);
        assertThat(r.toint(4)).isEqualTo(12);
        assertThat(r.toint(5)).isEqualTo(4);
        assertThat(r.tojstring(6)).isEqualTo("int32");
        assertThat(r.tojstring(7)).isEqualTo("array([1, 2, 3, 4, 5, 6], dtype=int32)");
        assertThat(r.toint(8)).as("copy is not a view").isEqualTo(1);
        assertThat(r.tojstring(9)).isEqualTo("float64");
        assertThat(r.todouble(10)).isEqualTo(6.0);
        assertThat(r.toint(11)).isEqualTo(3);
    }

    @Test
    void theTodoListsFunctionsWithOneBasedPositions() {
        Varargs r = lua.run("""
                local v = ns.array({3, 9, 2, 9}, ns.float64)
                local m = ns.array({{1, 5, 3}, {4, 2, 6}})
                return ns.argmax(v), ns.argmin(v), v:argmax(), tostring(ns.argmax(m, 1)), tostring(ns.argmin(m, 2)),
                       ns.argmax(m), ns.mean(v), ns.var(ns.array({1, 2, 3, 4})), ns.std(ns.array({2, 4, 4, 4, 5, 5, 7, 9})),
                       tostring(ns.where(ns.gt(v, 5), v, 0)), v[ns.argmax(v)]
                """);
        assertThat(r.toint(1)).isEqualTo(2);
        assertThat(r.toint(2)).isEqualTo(3);
        assertThat(r.toint(3)).isEqualTo(2);
        assertThat(r.tojstring(4)).isEqualTo("array([2, 1, 2], dtype=int64)");
        assertThat(r.tojstring(5)).isEqualTo("array([1, 2], dtype=int64)");
        assertThat(r.toint(6)).as("a position in the flattened array, 1-based").isEqualTo(6);
        assertThat(r.todouble(7)).isEqualTo(5.75);
        assertThat(r.todouble(8)).isEqualTo(1.25);
        assertThat(r.todouble(9)).isEqualTo(2.0);
        assertThat(r.tojstring(10)).isEqualTo("array([0.0, 9.0, 0.0, 9.0], dtype=float64)");
        assertThat(r.todouble(11)).isEqualTo(9.0);
    }
}
