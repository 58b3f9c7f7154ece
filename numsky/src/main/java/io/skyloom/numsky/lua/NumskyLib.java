package io.skyloom.numsky.lua;

import io.skyloom.numsky.DType;
import io.skyloom.numsky.Limits;
import io.skyloom.numsky.NDArray;
import io.skyloom.numsky.Numsky;
import io.skyloom.numsky.Slice;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code local ns = require "numsky"}: numsky for Lua, pyskynet's API. Arrays are userdata
 * sharing one metatable; indexing is 1-based as in Lua ({@code arr[1]} is the first
 * element, {@code -1} the last), a table indexes several axes ({@code arr[{1, ns.slice(2, 4)}]}),
 * an integer array picks rows and a bool array masks. Ranges include both ends, like
 * {@code string.sub}: {@code ns.slice(2, 4)} is numpy's {@code [1:4]}, {@code ns.arange(1, 100, ns.float32)}
 * is 1..100; argmax and argmin give 1-based positions; a dtype comes last
 * ({@code ns.zeros(shape, dtype)}, {@code ns.arange(start, stop, [step,] [dtype])},
 * {@code ns.linspace(start, stop, num, [endpoint,] [dtype])}). Lua 5.2 has no
 * {@code & | ~ << >> //}: use ns.band, ns.bor, ns.bxor, ns.shl, ns.shr, ns.idiv. int64
 * values beyond 2^53 lose precision when read into a Lua number, never inside the array.
 *
 * <p>Bad arguments are Lua errors in Lua's words ({@code bad argument #1 to 'zeros' (...)});
 * shapes, indices and axes must be integers an array can have, and values a dtype cannot
 * hold raise as numpy 2 does; see {@link io.skyloom.numsky.Limits} for the allocation bounds.
 */
public final class NumskyLib extends TwoArgFunction {

    /** One library for the JVM: its tables are built once and only read afterwards. */
    public static final NumskyLib INSTANCE = new NumskyLib();

    private final LuaTable meta = new LuaTable();
    private final LuaTable methods = new LuaTable();
    private final LuaTable functions = new LuaTable();

    private NumskyLib() {
        build(functions);
        // Lua sees only this string from getmetatable(arr): no service can change the
        // metatable every service's arrays share.
        meta.set(METATABLE, LuaValue.valueOf("numsky.ndarray"));
    }

    /** Each require gets a fresh module table (a service may change its own copy). */
    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable ns = new LuaTable();
        LuaValue k = NIL;
        for (;;) {
            Varargs e = functions.next(k);
            if ((k = e.arg1()).isnil()) break;
            ns.rawset(k, e.arg(2));
        }
        return ns;
    }

    /** The module table, one group of functions at a time, as pyskynet's docs group them. */
    private void build(LuaTable ns) {
        for (DType t : DType.values()) ns.set(t.numpyName(), LuaValue.valueOf(t.numpyName()));
        constructors(ns);
        binaryOperations(ns);
        unaryOperations(ns);
        reductions(ns);
        methods(ns);
        metamethods(ns);
    }

    private void constructors(LuaTable ns) {
        fn(ns, "array", c -> {
            if (!c.arg(1).istable() && !(c.arg(1) instanceof LuaUserdata)) throw c.expected(1, "table");
            DType t = c.optDtype(2, null);
            Object data = toJava(c, c.arg(1), 0);
            try {
                return wrap(NDArray.array(data, t));
            } catch (ArithmeticException | IllegalArgumentException e) {
                throw c.bad(1, e.getMessage());
            }
        });
        fn(ns, "zeros", c -> wrap(NDArray.zeros(c.optDtype(2, DType.FLOAT64), c.shape(1, false, false))));
        fn(ns, "ones", c -> wrap(NDArray.ones(c.optDtype(2, DType.FLOAT64), c.shape(1, false, false))));
        fn(ns, "empty", c -> wrap(NDArray.empty(c.optDtype(2, DType.FLOAT64), c.shape(1, false, false))));
        fn(ns, "arange", this::arange);
        fn(ns, "linspace", this::linspace);
        fn(ns, "slice", c -> new LuaUserdata(luaSlice(c)));
        fn(ns, "where", c -> wrap(Numsky.where(c.array(1), c.operand(2), c.operand(3))));
    }

    private void binaryOperations(LuaTable ns) {
        binary(ns, "add", Numsky::add, Numsky::add);
        binary(ns, "sub", Numsky::sub, Numsky::sub);
        binary(ns, "mul", Numsky::mul, Numsky::mul);
        binary(ns, "div", Numsky::div, Numsky::div);
        binary(ns, "idiv", Numsky::idiv, Numsky::idiv);
        binary(ns, "mod", Numsky::mod, Numsky::mod);
        binary(ns, "pow", Numsky::pow, Numsky::pow);
        binary(ns, "band", Numsky::band, Numsky::band);
        binary(ns, "bor", Numsky::bor, Numsky::bor);
        binary(ns, "bxor", Numsky::bxor, Numsky::bxor);
        binary(ns, "shl", Numsky::shl, Numsky::shl);
        binary(ns, "shr", Numsky::shr, Numsky::shr);
        binary(ns, "eq", Numsky::eq, Numsky::eq);
        binary(ns, "ne", Numsky::ne, Numsky::ne);
        binary(ns, "lt", Numsky::lt, Numsky::lt);
        binary(ns, "le", Numsky::le, Numsky::le);
        binary(ns, "gt", Numsky::gt, Numsky::gt);
        binary(ns, "ge", Numsky::ge, Numsky::ge);
        binary(ns, "fmax", Numsky::fmax, Numsky::fmax);
        binary(ns, "fmin", Numsky::fmin, Numsky::fmin);
        binary(ns, "atan2", Numsky::atan2, Numsky::atan2);
    }

    private void unaryOperations(LuaTable ns) {
        unary(ns, "unm", Numsky::unm);
        unary(ns, "bnot", Numsky::bnot);
        unary(ns, "abs", Numsky::abs);
        unary(ns, "ceil", Numsky::ceil);
        unary(ns, "floor", Numsky::floor);
        unary(ns, "acos", Numsky::acos);
        unary(ns, "asin", Numsky::asin);
        unary(ns, "atan", Numsky::atan);
        unary(ns, "cos", Numsky::cos);
        unary(ns, "sin", Numsky::sin);
        unary(ns, "tan", Numsky::tan);
        unary(ns, "deg", Numsky::deg);
        unary(ns, "rad", Numsky::rad);
        unary(ns, "log", Numsky::log);
        unary(ns, "exp", Numsky::exp);
        unary(ns, "sqrt", Numsky::sqrt);
    }

    private void reductions(LuaTable ns) {
        // pyskynet's reduce functions take one axis or a table of axes: reducing them one
        // after another gives the same result for these six.
        reduction(ns, "sum", Numsky::sum, Numsky::sum, Reduce.AXES);
        reduction(ns, "prod", Numsky::prod, Numsky::prod, Reduce.AXES);
        reduction(ns, "max", Numsky::max, Numsky::max, Reduce.AXES);
        reduction(ns, "min", Numsky::min, Numsky::min, Reduce.AXES);
        reduction(ns, "any", Numsky::any, Numsky::any, Reduce.AXES);
        reduction(ns, "all", Numsky::all, Numsky::all, Reduce.AXES);
        reduction(ns, "mean", Numsky::mean, Numsky::mean, Reduce.ONE_AXIS);
        reduction(ns, "var", Numsky::var, Numsky::var, Reduce.ONE_AXIS);
        reduction(ns, "std", Numsky::std, Numsky::std, Reduce.ONE_AXIS);
        // Positions, 1-based in Lua like every other index (0-based in the Java API).
        reduction(ns, "argmax", Numsky::argmax, Numsky::argmax, Reduce.POSITIONS);
        reduction(ns, "argmin", Numsky::argmin, Numsky::argmin, Reduce.POSITIONS);
    }

    private void methods(LuaTable ns) {
        method("reshape", c -> wrap(c.array(1).reshape(c.shape(2, true, true))));
        method("flatten", c -> wrap(c.array(1).flatten()));
        method("copy", c -> wrap(c.array(1).copy()));
        method("astype", c -> {
            NDArray x = c.array(1);
            return wrap(x.astype(c.dtype(2)));      // a cast: wraps as numpy's astype does
        });
        for (String name : new String[] {"sum", "prod", "max", "min", "any", "all", "mean", "var", "std", "argmax", "argmin"})
            methods.set(name, ns.get(name));
    }

    private void metamethods(LuaTable ns) {
        meta.set(INDEX, new Metamethod(a -> index(check(a.arg(1)), a.arg(2))));
        meta.set(NEWINDEX, new Metamethod(a -> {
            assign(check(a.arg(1)), a.arg(2), a.arg(3));
            return NONE;
        }));
        meta.set(ADD, ns.get("add"));
        meta.set(SUB, ns.get("sub"));
        meta.set(MUL, ns.get("mul"));
        meta.set(DIV, ns.get("div"));
        meta.set(MOD, ns.get("mod"));
        meta.set(POW, ns.get("pow"));
        meta.set(UNM, ns.get("unm"));
        meta.set(LEN, new Metamethod(a -> {
            NDArray x = check(a.arg(1));
            return valueOf(x.ndim() == 0 ? 0 : x.shape()[0]);
        }));
        meta.set(TOSTRING, new Metamethod(a -> valueOf(check(a.arg(1)).toString())));
        meta.set(LuaValue.valueOf("__name"), LuaValue.valueOf("numsky.ndarray"));
    }

    /**
     * ns.arange(start, stop, [step,] [dtype]): pyskynet's, with stop included when the
     * steps reach it (ns.arange(1, 100, ns.float32) is 1..100); int64 when start, stop and
     * step are integral, else float64. A quotient within 1e-9 (relative) of a whole number
     * counts as reaching it, so ns.arange(0, 0.3, 0.1) ends at 0.3 despite rounding.
     */
    private Varargs arange(Call c) {
        int n = c.narg();
        DType t = null;
        if (n >= 3 && c.isDtype(n)) t = c.dtype(n--);
        if (n < 2) throw c.bad(n + 1, "number expected, got " + c.got(n + 1) + "; arange takes start and stop, both included");
        if (n > 3) throw c.expected(4, "dtype");
        double start = c.number(1), stop = c.number(2), step = n == 3 ? c.number(3) : 1;
        if (step == 0) throw c.bad(3, "step cannot be zero");
        if (t == null) t = Call.isIntegral(start) && Call.isIntegral(stop) && Call.isIntegral(step) ? DType.INT64 : DType.FLOAT64;
        if (t.isBool()) throw c.bad(c.narg(), "arange does not make bool arrays");
        double q = (stop - start) / step;
        double count = q < 0 ? 0 : Math.floor(q + 1e-9 * Math.max(1, Math.abs(q))) + 1;
        if (count > Limits.MAX_ELEMENTS)
            throw new IllegalArgumentException(NumskyLib.text(count) + " values are more than numsky's " + Limits.MAX_ELEMENTS);
        return wrap(NDArray.range(start, step, (int) count, t));
    }

    /** ns.linspace(start, stop, [num,] [endpoint,] [dtype]): num defaults to numpy's 50, endpoint to true. */
    private Varargs linspace(Call c) {
        int n = c.narg();
        DType t = DType.FLOAT64;
        if (n >= 3 && c.isDtype(n)) t = c.dtype(n--);
        boolean endpoint = true;
        if (n >= 3 && c.arg(n).isboolean()) endpoint = c.arg(n--).toboolean();
        if (n < 2) throw c.expected(n + 1, "number");
        if (n > 3) throw c.expected(4, "boolean (endpoint) or dtype");
        if (t.isBool()) throw c.bad(c.narg(), "linspace does not make bool arrays");
        int num = n == 3 ? c.count(3) : 50;
        return wrap(NDArray.linspace(c.number(1), c.number(2), num, endpoint, t));
    }

    /** The Lua face of an array: a userdata with this library's metatable. */
    public LuaValue wrap(NDArray a) {
        return new LuaUserdata(a, meta);
    }

    // ---- indexing -------------------------------------------------------------------

    private Varargs index(NDArray x, LuaValue key) {
        if (key.type() == TSTRING) {
            String k = key.tojstring();
            return switch (k) {
                case "ndim" -> LuaValue.valueOf(x.ndim());
                case "shape" -> intList(x.shape());
                case "strides" -> intList(x.strides());
                case "dtype" -> LuaValue.valueOf(x.dtype().numpyName());
                case "size" -> LuaValue.valueOf(x.size());
                default -> methods.get(key);
            };
        }
        ArrayOnAxis along = arrayOnAxis(x, key);
        if (along != null) return toLuaResult(x.slice(along.rest()).take(along.indices(), along.axis()));
        Object sel = selection(x, key);
        if (sel instanceof NDArray picked) return toLuaResult(picked);
        NDArray view = x.slice((Object[]) sel);
        return toLuaResult(view);
    }

    private LuaValue toLuaResult(NDArray v) {
        if (v.ndim() > 0) return wrap(v);
        if (v.dtype().isBool()) return LuaValue.valueOf(v.getBoolean());
        if (v.dtype().isFloat()) return LuaValue.valueOf(v.getDouble());
        long l = v.getLong();
        return l == (int) l ? LuaValue.valueOf((int) l) : LuaValue.valueOf((double) l);
    }

    private void assign(NDArray x, LuaValue key, LuaValue value) {
        Object v = value(value);
        ArrayOnAxis along = arrayOnAxis(x, key);
        if (along != null) {
            x.slice(along.rest()).put(along.indices(), along.axis(), v);
            return;
        }
        if (key instanceof LuaUserdata u && u.m_instance instanceof NDArray ix) {
            if (ix.dtype().isBool()) x.putMask(ix, v);
            else x.put(zeroBased(ix, x.shape(), 0), v);
            return;
        }
        x.assign((Object[]) selection(x, key), v);
    }

    private static Object value(LuaValue v) {
        if (v instanceof LuaUserdata u && u.m_instance instanceof NDArray a) return a;
        if (v.isboolean()) return v.toboolean();
        if (v.type() == TNUMBER) return number(v);
        throw new LuaError("an array element takes a number, a boolean or an array, not a " + v.typename());
    }

    /** An index table with one integer array among slices: {@code a[{ns.slice(1, 2), ns.array({3, 1})}]}. */
    private record ArrayOnAxis(Object[] rest, NDArray indices, int axis) {}

    /**
     * The array part of an index table, or null when it has none. Only slices may stand
     * beside it: numpy moves the axes of an index array mixed with integers to the front,
     * and rather than give another order we refuse.
     */
    private static ArrayOnAxis arrayOnAxis(NDArray x, LuaValue key) {
        if (!key.istable()) return null;
        LuaTable t = (LuaTable) key;
        int n = t.length(), at = -1;
        for (int i = 1; i <= n; i++)
            if (t.get(i) instanceof LuaUserdata u && u.m_instance instanceof NDArray) {
                if (at >= 0) throw new LuaError("an index table takes one index array, not several");
                at = i - 1;
            }
        if (at < 0) return null;
        if (n > x.ndim()) throw new LuaError("too many indices (" + n + ") for an array of " + x.ndim() + " dimensions");
        Object[] rest = new Object[n];
        NDArray ix = null;
        for (int i = 1; i <= n; i++) {
            LuaValue k = t.get(i);
            if (i - 1 == at) {
                ix = (NDArray) ((LuaUserdata) k).m_instance;
                if (ix.dtype().isBool()) throw new LuaError("a boolean mask indexes the whole array, not one axis in a table");
                rest[i - 1] = Slice.all();
            } else if (k instanceof LuaUserdata u && u.m_instance instanceof Slice s) {
                rest[i - 1] = s;
            } else {
                throw new LuaError("beside an index array an index table takes only ns.slice values, not "
                        + k.typename() + " (numpy would move the axes)");
            }
        }
        return new ArrayOnAxis(rest, zeroBased(ix, x.shape(), at), at);
    }

    /** A basic index (Object[] of Integer/Slice, 0-based) or, for array keys, the picked copy. */
    private Object selection(NDArray x, LuaValue key) {
        if (key.type() == TNUMBER) return new Object[] {zeroBased(key, x, 0)};
        if (key instanceof LuaUserdata u) {
            if (u.m_instance instanceof Slice s) return new Object[] {s};
            if (u.m_instance instanceof NDArray ix) {
                if (ix.dtype().isBool()) return x.mask(ix);
                return x.take(zeroBased(ix, x.shape(), 0));
            }
        }
        if (key.istable()) {
            LuaTable t = (LuaTable) key;
            int n = t.length();
            if (n > x.ndim()) throw new LuaError("too many indices (" + n + ") for an array of " + x.ndim() + " dimensions");
            Object[] parts = new Object[n];
            for (int i = 1; i <= n; i++) {
                LuaValue k = t.get(i);
                if (k.type() == TNUMBER) parts[i - 1] = zeroBased(k, x, i - 1);
                else if (k instanceof LuaUserdata u && u.m_instance instanceof Slice s) parts[i - 1] = s;
                else throw new LuaError("an index table holds integers and ns.slice values, not " + k.typename());
            }
            return parts;
        }
        throw new LuaError("cannot index an array with a " + key.typename());
    }

    /** A Lua index (1-based, -1 the last) on {@code axis} as numpy's (0-based, -1 the last). */
    private static int zeroBased(LuaValue key, NDArray x, int axis) {
        if (axis >= x.ndim()) throw new LuaError("too many indices for an array of " + x.ndim() + " dimensions");
        double d = key.todouble();
        if (!Call.isIntegral(d)) throw new LuaError("array index " + text(d) + " has no integer representation");
        int n = x.shape()[axis];
        if (d == 0 || d > n || d < -n)
            throw new LuaError("index " + text(d) + " is out of range for axis " + (axis + 1) + " with size " + n
                    + " (indices are 1-based; -1 is the last)");
        return d > 0 ? (int) d - 1 : (int) d;
    }

    private static NDArray zeroBased(NDArray ix, int[] shape, int axis) {
        if (!ix.dtype().isInteger())
            throw new LuaError("index arrays must be integers or bools, not " + ix.dtype());
        // numpy would give the index array's shape to the result; numsky (as pyskynet) takes 1-d ones
        if (ix.ndim() != 1) throw new LuaError("an index array has 1 dimension, not " + ix.ndim());
        int n = shape[axis];
        long[] v = ix.toLongArray();
        for (int k = 0; k < v.length; k++) {
            long i = v[k];
            if (i == 0 || i > n || i < -n)
                throw new LuaError("index " + i + " is out of range for axis " + (axis + 1) + " with size " + n
                        + " (indices are 1-based; -1 is the last)");
            v[k] = i > 0 ? i - 1 : i;
        }
        return NDArray.array(v);
    }

    /**
     * ns.slice(i, j, [step]): Lua's inclusive, 1-based bounds, nil for "to the end".
     * Bounds and steps beyond int range clamp, as numpy clamps slice bounds.
     */
    static Slice luaSlice(Call c) {
        int step = c.arg(3).isnil() ? 1 : c.clampedInt(3);
        if (step == 0) throw c.bad(3, "step cannot be zero");
        Integer start = null, stop = null;
        if (!c.arg(1).isnil()) {
            int v = c.clampedInt(1);
            start = v > 0 ? v - 1 : v;                  // 1 -> 0, -1 -> -1
        }
        if (!c.arg(2).isnil()) {
            int v = c.clampedInt(2);
            if (step > 0) stop = v >= 0 ? v : (v == -1 ? null : v + 1);  // inclusive -> exclusive
            else stop = v > 1 ? v - 2 : (v == 1 ? null : v - 1);
        }
        return new Slice(start, stop, step);
    }

    // ---- helpers --------------------------------------------------------------------

    /** Numsky's binary functions with numpy's out argument. */
    private interface Into {
        NDArray apply(Object a, Object b, NDArray out);
    }

    /** ns.name(a, b) makes a new array; ns.name(a, b, out) writes into out and returns out itself. */
    private void binary(LuaTable ns, String name, BiFunction<Object, Object, NDArray> f, Into into) {
        fn(ns, name, c -> {
            Object x = c.operand(1), y = c.operand(2);
            NDArray out = c.optArray(3);
            // Two Lua values give a Lua value, as pyskynet's ufuncs do: ns.shl(1, -1) is 0.
            if (out == null && !(x instanceof NDArray) && !(y instanceof NDArray)) return toLuaResult(f.apply(x, y));
            if (out == null) return wrap(f.apply(x, y));
            into.apply(x, y, out);
            return c.arg(3);
        });
    }

    private void unary(LuaTable ns, String name, Function<NDArray, NDArray> f) {
        fn(ns, name, c -> {
            Object x = c.operand(1);
            if (x instanceof NDArray a) return wrap(f.apply(a));
            return toLuaResult(f.apply(NDArray.array(x)));     // a number in, a number out
        });
    }

    /** What a reduction's axis argument may be and what its result is. */
    private enum Reduce { AXES, ONE_AXIS, POSITIONS }

    private void reduction(LuaTable ns, String name, Function<NDArray, NDArray> all,
                           BiFunction<NDArray, Integer, NDArray> axis, Reduce kind) {
        fn(ns, name, c -> {
            NDArray x = c.array(1);
            NDArray r;
            if (c.arg(2).isnil()) r = all.apply(x);
            else if (c.arg(2).istable() && kind == Reduce.AXES) r = overAxes(c, x, axis);
            else r = axis.apply(x, c.axis(2, x));
            return toLuaResult(kind == Reduce.POSITIONS ? Numsky.add(r, 1L) : r);
        });
    }

    /** ns.sum(a, {1, 3}): each named axis reduced, the last first so the others keep their place. */
    private static NDArray overAxes(Call c, NDArray x, BiFunction<NDArray, Integer, NDArray> axis) {
        LuaTable t = (LuaTable) c.arg(2);
        boolean[] chosen = new boolean[x.ndim()];
        for (int k = 1; k <= t.length(); k++) {
            int ax = c.axis(2, t.get(k), x);
            if (chosen[ax]) throw c.bad(2, "axis " + (ax + 1) + " is named twice");
            chosen[ax] = true;
        }
        NDArray r = x;
        for (int ax = x.ndim() - 1; ax >= 0; ax--) if (chosen[ax]) r = axis.apply(r, ax);
        return r;
    }

    private static void fn(LuaTable t, String name, Function<Call, Varargs> body) {
        t.set(name, new LuaFunction(name, body, false));
    }

    private void method(String name, Function<Call, Varargs> body) {
        methods.set(name, new LuaFunction(name, body, true));
    }

    /**
     * A numsky function as Lua sees it. Errors the Java API raises (shapes that do not
     * broadcast, values out of range) become Lua errors naming the function: no Java
     * class name reaches a Lua author.
     */
    private static final class LuaFunction extends VarArgFunction {
        private final String function;        // not LibFunction's name, which LuaJ leaves null
        private final Function<Call, Varargs> body;
        private final boolean method;

        LuaFunction(String function, Function<Call, Varargs> body, boolean method) {
            this.function = function;
            this.body = body;
            this.method = method;
            this.name = function;
        }

        @Override
        public Varargs invoke(Varargs args) {
            try {
                return body.apply(new Call(function, args, method));
            } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException e) {
                String m = e.getMessage();
                throw new LuaError(m.startsWith(function + ":") ? m : function + ": " + m);
            }
        }
    }

    /** A metamethod (indexing, #, tostring): its errors are the Java API's message alone. */
    private static final class Metamethod extends VarArgFunction {
        private final Function<Varargs, Varargs> body;

        Metamethod(Function<Varargs, Varargs> body) {
            this.body = body;
        }

        @Override
        public Varargs invoke(Varargs args) {
            try {
                return body.apply(args);
            } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException e) {
                throw new LuaError(e.getMessage());
            }
        }
    }

    static NDArray check(LuaValue v) {
        if (v instanceof LuaUserdata u && u.m_instance instanceof NDArray a) return a;
        throw new LuaError("numsky array expected, got " + v.typename());
    }

    /** A Lua number as Java sees it: a Long when integral (and exact), else a Double. */
    static Object number(LuaValue v) {
        double d = v.todouble();
        return d == Math.rint(d) && Math.abs(d) < 0x1p53 ? (Object) (long) d : (Object) d;
    }

    /** A number as Lua would print it (no ".0" on integral values). */
    static String text(double d) {
        return d == Math.rint(d) && Math.abs(d) < 0x1p63 ? Long.toString((long) d) : LuaValue.valueOf(d).tojstring();
    }

    private static LuaTable intList(int[] v) {
        LuaTable t = new LuaTable(v.length, 0);
        for (int i = 0; i < v.length; i++) t.rawset(i + 1, LuaValue.valueOf(v[i]));
        return t;
    }

    /** Nested Lua tables of numbers, booleans and arrays as nested Java lists, at most 64 deep. */
    private static Object toJava(Call c, LuaValue v, int depth) {
        if (v instanceof LuaUserdata u && u.m_instance instanceof NDArray a) return a;
        if (v.istable()) {
            if (depth >= Limits.MAX_DIMS)
                throw c.bad(1, "tables nested deeper than " + Limits.MAX_DIMS + " levels (does a table contain itself?)");
            LuaTable t = (LuaTable) v;
            int n = t.length();
            List<Object> out = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) out.add(toJava(c, t.get(i), depth + 1));
            return out;
        }
        if (v.isboolean()) return v.toboolean();
        if (v.type() == TNUMBER) {
            // Integral values within LuaJ's int are Lua integers (int64 when inferred);
            // others are floats, as a Lua 5.3 literal 2^40 is.
            if (v.isinttype()) return (long) v.toint();
            return v.todouble();
        }
        throw c.bad(1, "nested tables of numbers, booleans or arrays expected, found a " + v.typename());
    }
}
