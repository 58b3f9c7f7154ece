package io.skyloom.numsky.lua;

import io.skyloom.numsky.DType;
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
 * {@code local ns = require "numsky"}: numsky for Lua. Arrays are userdata sharing one
 * metatable; indexing is 1-based as in Lua ({@code arr[1]} is the first element, {@code -1}
 * the last), a table indexes several axes ({@code arr[{1, ns.slice(2, 4)}]}), an integer
 * array picks rows and a bool array masks. {@code ns.slice(i, j, step)} takes Lua's
 * inclusive bounds, like {@code string.sub}: {@code ns.slice(2, 4)} is numpy's
 * {@code [1:4]}, {@code ns.slice(-1, -4, -1)} numpy's {@code [-1:-5:-1]}. Lua 5.2 has no
 * {@code & | ~ << >> //}: use ns.band, ns.bor, ns.bxor, ns.shl, ns.shr, ns.idiv. int64
 * values beyond 2^53 lose precision when read into a Lua number, never inside the array.
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

    private void build(LuaTable ns) {
        for (DType t : DType.values()) ns.set(t.numpyName(), LuaValue.valueOf(t.numpyName()));
        fn(ns, "array", a -> wrap(NDArray.array(toJava(a.checktable(1)), dtype(a.arg(2)))));
        fn(ns, "zeros", a -> wrap(NDArray.zeros(dtypeOr(a.arg(2)), shape(a.arg(1)))));
        fn(ns, "ones", a -> wrap(NDArray.ones(dtypeOr(a.arg(2)), shape(a.arg(1)))));
        fn(ns, "empty", a -> wrap(NDArray.empty(dtypeOr(a.arg(2)), shape(a.arg(1)))));
        fn(ns, "arange", a -> {
            if (a.narg() == 1) return wrap(NDArray.arange(a.checklong(1)));
            return wrap(NDArray.arange(a.checkdouble(1), a.checkdouble(2), a.optdouble(3, 1),
                    a.arg(4).isnil() ? (allIntegral(a) ? DType.INT64 : DType.FLOAT64) : dtype(a.arg(4))));
        });
        fn(ns, "linspace", a -> wrap(NDArray.linspace(a.checkdouble(1), a.checkdouble(2), a.optint(3, 50))));
        fn(ns, "slice", a -> new LuaUserdata(luaSlice(a.arg(1), a.arg(2), a.optint(3, 1))));
        fn(ns, "where", a -> wrap(Numsky.where(check(a.arg(1)), operand(a.arg(2)), operand(a.arg(3)))));
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
        reduction(ns, "sum", Numsky::sum, Numsky::sum);
        reduction(ns, "prod", Numsky::prod, Numsky::prod);
        reduction(ns, "max", Numsky::max, Numsky::max);
        reduction(ns, "min", Numsky::min, Numsky::min);
        reduction(ns, "any", Numsky::any, Numsky::any);
        reduction(ns, "all", Numsky::all, Numsky::all);
        reduction(ns, "mean", Numsky::mean, Numsky::mean);
        reduction(ns, "var", Numsky::var, Numsky::var);
        reduction(ns, "std", Numsky::std, Numsky::std);
        reduction(ns, "argmax", Numsky::argmax, Numsky::argmax);
        reduction(ns, "argmin", Numsky::argmin, Numsky::argmin);

        fn(methods, "reshape", a -> wrap(check(a.arg(1)).reshape(shape(a.subargs(2)))));
        fn(methods, "flatten", a -> wrap(check(a.arg(1)).flatten()));
        fn(methods, "copy", a -> wrap(check(a.arg(1)).copy()));
        fn(methods, "astype", a -> wrap(check(a.arg(1)).astype(dtype(a.arg(2)))));
        for (String name : new String[] {"sum", "prod", "max", "min", "any", "all", "mean", "var", "std", "argmax", "argmin"})
            methods.set(name, ns.get(name));

        meta.set(INDEX, new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs a) {
                return index(check(a.arg(1)), a.arg(2));
            }
        });
        meta.set(NEWINDEX, new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs a) {
                assign(check(a.arg(1)), a.arg(2), a.arg(3));
                return NONE;
            }
        });
        meta.set(ADD, ns.get("add"));
        meta.set(SUB, ns.get("sub"));
        meta.set(MUL, ns.get("mul"));
        meta.set(DIV, ns.get("div"));
        meta.set(MOD, ns.get("mod"));
        meta.set(POW, ns.get("pow"));
        meta.set(UNM, ns.get("unm"));
        meta.set(LEN, new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs a) {
                NDArray x = check(a.arg(1));
                return valueOf(x.ndim() == 0 ? 0 : x.shape()[0]);
            }
        });
        meta.set(TOSTRING, new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs a) {
                return valueOf(check(a.arg(1)).toString());
            }
        });
        meta.set(LuaValue.valueOf("__name"), LuaValue.valueOf("numsky.ndarray"));
    }

    /** The Lua face of an array: a userdata with this library's metatable. */
    public LuaValue wrap(NDArray a) {
        return new LuaUserdata(a, meta);
    }

    // ---- indexing -------------------------------------------------------------------

    private Varargs index(NDArray x, LuaValue key) {
        if (key.isstring() && !key.isnumber()) {
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
        Object v = operand(value);
        ArrayOnAxis along = arrayOnAxis(x, key);
        if (along != null) {
            x.slice(along.rest()).put(along.indices(), along.axis(), v);
            return;
        }
        Object sel = selection(x, key);
        if (sel instanceof Object[] basic) {
            x.assign(basic, v);
        } else if (key instanceof LuaUserdata u && u.m_instance instanceof NDArray ix) {
            if (ix.dtype().isBool()) x.putMask(ix, v);
            else x.put(zeroBased(ix, x.shape()[0]), v);
        }
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
        if (n > x.ndim()) throw new LuaError("too many indices for an array of " + x.ndim() + " dimensions");
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
        return new ArrayOnAxis(rest, zeroBased(ix, x.shape()[at]), at);
    }

    /** A basic index (Object[] of Integer/Slice, 0-based) or, for array keys, the picked copy. */
    private Object selection(NDArray x, LuaValue key) {
        if (key.isnumber()) return new Object[] {zeroBased(key.checkint(), x, 0)};
        if (key instanceof LuaUserdata u) {
            if (u.m_instance instanceof Slice s) return new Object[] {s};
            if (u.m_instance instanceof NDArray ix) {
                if (ix.dtype().isBool()) return x.mask(ix);
                return x.take(zeroBased(ix, x.shape()[0]));
            }
        }
        if (key.istable()) {
            LuaTable t = (LuaTable) key;
            List<Object> parts = new ArrayList<>();
            for (int i = 1; i <= t.length(); i++) {
                LuaValue k = t.get(i);
                if (k.isnumber()) parts.add(zeroBased(k.checkint(), x, i - 1));
                else if (k instanceof LuaUserdata u && u.m_instance instanceof Slice s) parts.add(s);
                else throw new LuaError("an index table holds integers and ns.slice values, not " + k.typename());
            }
            return parts.toArray();
        }
        throw new LuaError("cannot index an array with a " + key.typename());
    }

    private static int zeroBased(int i, NDArray x, int axis) {
        if (axis >= x.ndim()) throw new LuaError("too many indices for an array of " + x.ndim() + " dimensions");
        int n = x.shape()[axis];
        if (i == 0 || i > n || i < -n)
            throw new LuaError("index " + i + " is out of range for axis " + (axis + 1) + " with size " + n
                    + " (indices are 1-based; -1 is the last)");
        return i > 0 ? i - 1 : i;
    }

    private static NDArray zeroBased(NDArray ix, int n) {
        long[] v = ix.toLongArray();
        for (int k = 0; k < v.length; k++) {
            long i = v[k];
            if (i == 0 || i > n || i < -n) throw new LuaError("index " + i + " is out of range for size " + n + " (1-based)");
            v[k] = i > 0 ? i - 1 : i;
        }
        return NDArray.array(v);
    }

    /** ns.slice(i, j, step): Lua's inclusive, 1-based bounds, nil for "to the end". */
    static Slice luaSlice(LuaValue i, LuaValue j, int step) {
        Integer start = null, stop = null;
        if (!i.isnil()) {
            int v = i.checkint();
            start = v > 0 ? v - 1 : v;                  // 1 -> 0, -1 -> -1
        }
        if (!j.isnil()) {
            int v = j.checkint();
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
        fn(ns, name, a -> {
            if (a.arg(3).isnil()) return wrap(f.apply(operand(a.arg(1)), operand(a.arg(2))));
            into.apply(operand(a.arg(1)), operand(a.arg(2)), check(a.arg(3)));
            return a.arg(3);
        });
    }

    private void unary(LuaTable ns, String name, Function<NDArray, NDArray> f) {
        fn(ns, name, a -> wrap(f.apply(check(a.arg(1)))));
    }

    private void reduction(LuaTable ns, String name, Function<NDArray, NDArray> all, BiFunction<NDArray, Integer, NDArray> axis) {
        fn(ns, name, a -> {
            NDArray x = check(a.arg(1));
            if (a.arg(2).isnil()) return toLuaResult(all.apply(x));
            int ax = a.checkint(2);
            return toLuaResult(axis.apply(x, ax > 0 ? ax - 1 : ax));
        });
    }

    private static void fn(LuaTable t, String name, Function<Varargs, Varargs> body) {
        t.set(name, new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                try {
                    return body.apply(args);
                } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException e) {
                    throw new LuaError("numsky." + name + ": " + e.getMessage());
                }
            }
        });
    }

    static NDArray check(LuaValue v) {
        if (v instanceof LuaUserdata u && u.m_instance instanceof NDArray a) return a;
        throw new LuaError("numsky array expected, got " + v.typename());
    }

    static Object operand(LuaValue v) {
        if (v instanceof LuaUserdata u && u.m_instance instanceof NDArray a) return a;
        if (v.isboolean()) return v.toboolean();
        if (v.isnumber()) {
            double d = v.todouble();
            return v.isinttype() || (d == Math.rint(d) && Math.abs(d) < 0x1p53 && v.isint()) ? (Object) (long) d : (Object) d;
        }
        throw new LuaError("numsky: an operand is an array or a number, not " + v.typename());
    }

    private static DType dtype(LuaValue v) {
        if (v.isnil()) return null;
        try {
            return DType.of(v.checkjstring());
        } catch (IllegalArgumentException e) {
            throw new LuaError(e.getMessage());
        }
    }

    private static DType dtypeOr(LuaValue v) {
        DType t = dtype(v);
        return t == null ? DType.FLOAT64 : t;
    }

    private static int[] shape(Varargs v) {
        if (v.arg1().istable()) {
            LuaTable t = v.checktable(1);
            int[] s = new int[t.length()];
            for (int i = 0; i < s.length; i++) s[i] = t.get(i + 1).checkint();
            return s;
        }
        int[] s = new int[v.narg()];
        for (int i = 0; i < s.length; i++) s[i] = v.checkint(i + 1);
        return s;
    }

    private static boolean allIntegral(Varargs a) {
        for (int i = 1; i <= Math.min(3, a.narg()); i++) if (!a.arg(i).isinttype()) return false;
        return true;
    }

    private static LuaTable intList(int[] v) {
        LuaTable t = new LuaTable(v.length, 0);
        for (int i = 0; i < v.length; i++) t.rawset(i + 1, LuaValue.valueOf(v[i]));
        return t;
    }

    /** Nested Lua tables of numbers/booleans as nested Java lists. */
    private static Object toJava(LuaValue v) {
        if (v.istable()) {
            LuaTable t = (LuaTable) v;
            int n = t.length();
            List<Object> out = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) out.add(toJava(t.get(i)));
            return out;
        }
        if (v.isboolean()) return v.toboolean();
        if (v.isnumber()) return v.isinttype() ? (Object) (long) v.toint() : (Object) v.todouble();
        throw new LuaError("numsky.array takes nested tables of numbers or booleans, found a " + v.typename());
    }
}
