package io.skyloom.numsky.lua;

import io.skyloom.numsky.DType;
import io.skyloom.numsky.Limits;
import io.skyloom.numsky.NDArray;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The arguments of one call into numsky from Lua, checked with Lua's own wording:
 * {@code bad argument #1 to 'zeros' (number has no integer representation)}. A method
 * ({@code a:astype(t)}) numbers its arguments after self, as Lua does, and a bad self is
 * {@code calling 'astype' on bad self}. Made per call and used by that call only.
 */
record Call(String function, Varargs args, boolean method) {

    static final int MAX_INDEX = Integer.MAX_VALUE;

    int narg() {
        return args.narg();
    }

    LuaValue arg(int i) {
        return args.arg(i);
    }

    /** {@code bad argument #i to 'f' (detail)}. */
    LuaError bad(int i, String detail) {
        if (method && i == 1) return new LuaError("calling '" + function + "' on bad self (" + detail + ")");
        return new LuaError("bad argument #" + (method ? i - 1 : i) + " to '" + function + "' (" + detail + ")");
    }

    /** Lua's "X expected, got Y" for argument i. */
    LuaError expected(int i, String what) {
        return bad(i, what + " expected, got " + got(i));
    }

    String got(int i) {
        return i > args.narg() ? "no value" : args.arg(i).typename();
    }

    NDArray array(int i) {
        if (arg(i) instanceof LuaUserdata u && u.m_instance instanceof NDArray a) return a;
        throw expected(i, "numsky array");
    }

    NDArray optArray(int i) {
        return arg(i).isnil() ? null : array(i);
    }

    /** An array, a number or a boolean, as numsky's operations take them. */
    Object operand(int i) {
        LuaValue v = arg(i);
        if (v instanceof LuaUserdata u && u.m_instance instanceof NDArray a) return a;
        if (v.isboolean()) return v.toboolean();
        if (v.type() == LuaValue.TNUMBER) return NumskyLib.number(v);
        throw expected(i, "numsky array, number or boolean");
    }

    double number(int i) {
        if (!arg(i).isnumber()) throw expected(i, "number");
        double d = arg(i).todouble();
        if (!Double.isFinite(d)) throw bad(i, "finite number expected, got " + d);
        return d;
    }

    /** An integral number as a long (Lua 5.3's "number has no integer representation" otherwise). */
    long integer(int i) {
        if (!arg(i).isnumber()) throw expected(i, "number");
        double d = arg(i).todouble();
        if (!isIntegral(d)) throw bad(i, "number has no integer representation");
        return (long) d;
    }

    /** A non-negative integer no larger than the largest array. */
    int count(int i) {
        long n = integer(i);
        if (n < 0 || n > Limits.MAX_ELEMENTS) throw bad(i, "a count from 0 to " + Limits.MAX_ELEMENTS + " expected, got " + n);
        return (int) n;
    }

    /** An integer clamped into int range (slice bounds and steps, which numpy clamps too). */
    int clampedInt(int i) {
        long v = integer(i);
        return (int) Math.max(-(MAX_INDEX - 2), Math.min(MAX_INDEX - 2, v));
    }

    /** True when argument i names a dtype (a string that is not a number): how trailing dtypes are told apart. */
    boolean isDtype(int i) {
        LuaValue v = arg(i);
        return v.type() == LuaValue.TSTRING && !v.isnumber();
    }

    DType dtype(int i) {
        if (!isDtype(i)) throw expected(i, "dtype (ns.float64, ns.int32, ...)");
        try {
            return DType.of(arg(i).tojstring());
        } catch (IllegalArgumentException e) {
            throw bad(i, e.getMessage());
        }
    }

    DType optDtype(int i, DType otherwise) {
        return arg(i).isnil() ? otherwise : dtype(i);
    }

    /**
     * A shape: a table of dimensions or one integer; with {@code varargs}, also the
     * integers from i on ({@code a:reshape(2, 3)}); {@code -1} only where {@code unknownOk}.
     */
    int[] shape(int i, boolean varargs, boolean unknownOk) {
        LuaValue v = arg(i);
        if (v.istable()) {
            LuaTable t = (LuaTable) v;
            int n = t.length();
            if (n > Limits.MAX_DIMS) throw bad(i, "a shape has at most " + Limits.MAX_DIMS + " dimensions, not " + n);
            int[] s = new int[n];
            for (int k = 0; k < n; k++) s[k] = dim(i, t.get(k + 1), "shape[" + (k + 1) + "]", unknownOk);
            return s;
        }
        if (v.type() != LuaValue.TNUMBER) throw expected(i, "shape (a table of integers or an integer)");
        int n = varargs ? narg() - i + 1 : 1;
        if (n > Limits.MAX_DIMS) throw bad(i, "a shape has at most " + Limits.MAX_DIMS + " dimensions, not " + n);
        int[] s = new int[n];
        for (int k = 0; k < n; k++) s[k] = dim(i + k, arg(i + k), "dimension", unknownOk);
        return s;
    }

    private int dim(int i, LuaValue v, String what, boolean unknownOk) {
        if (v.type() != LuaValue.TNUMBER) throw bad(i, what + " is a " + v.typename() + ", not an integer");
        double d = v.todouble();
        if (!isIntegral(d)) throw bad(i, what + " " + NumskyLib.text(d) + " has no integer representation");
        if (unknownOk && d == -1) return -1;
        if (d < 0) throw bad(i, what + " " + NumskyLib.text(d) + " is negative");
        if (d > Limits.MAX_ELEMENTS)
            throw bad(i, what + " " + NumskyLib.text(d) + " is more than numsky's " + Limits.MAX_ELEMENTS + " elements");
        return (int) d;
    }

    /** A reduction axis, 1-based or negative from the end (-1 the last), as 0-based. */
    int axis(int i, NDArray x) {
        return axis(i, integer(i), x);
    }

    /** An axis given inside argument i (a table of axes): {@code v} must be an integer. */
    int axis(int i, LuaValue v, NDArray x) {
        if (v.type() != LuaValue.TNUMBER) throw bad(i, "an axis is an integer, not a " + v.typename());
        if (!isIntegral(v.todouble())) throw bad(i, "axis " + NumskyLib.text(v.todouble()) + " has no integer representation");
        return axis(i, (long) v.todouble(), x);
    }

    private int axis(int i, long ax, NDArray x) {
        int nd = x.ndim();
        if (ax == 0 || ax > nd || ax < -nd)
            throw bad(i, "axis " + ax + " is out of range for an array of " + nd + " dimensions (axes are 1-based; -1 is the last)");
        return (int) (ax > 0 ? ax - 1 : ax + nd);
    }

    static boolean isIntegral(double d) {
        return d == Math.rint(d) && Math.abs(d) < 0x1p63;
    }
}
