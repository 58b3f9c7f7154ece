package io.skyloom.numsky;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * numsky's functions, as the Lua module {@code numsky} offers them: elementwise
 * operations with numpy's broadcasting and type promotion, reductions with an optional
 * axis, and {@code where}. An operand is an {@link NDArray} or a Java number (a "weak"
 * scalar, as numpy 2 treats Python numbers: it takes the array's type where it fits).
 */
public final class Numsky {

    private Numsky() {}

    /** What an elementwise binary operation computes and which type it returns. */
    enum Binary {
        ADD((x, y) -> x + y, (x, y) -> x + y, Result.PROMOTED),
        SUB((x, y) -> x - y, (x, y) -> x - y, Result.PROMOTED),
        MUL((x, y) -> x * y, (x, y) -> x * y, Result.PROMOTED),
        DIV((x, y) -> x / y, null, Result.FLOAT),
        IDIV((x, y) -> Math.floor(x / y), (x, y) -> y == 0 ? 0 : Math.floorDiv(x, y), Result.PROMOTED),
        MOD((x, y) -> y == 0 ? Double.NaN : x - Math.floor(x / y) * y, (x, y) -> y == 0 ? 0 : Math.floorMod(x, y), Result.PROMOTED),
        POW(Math::pow, Numsky::ipow, Result.PROMOTED),
        BAND(null, (x, y) -> x & y, Result.INTEGER),
        BOR(null, (x, y) -> x | y, Result.INTEGER),
        BXOR(null, (x, y) -> x ^ y, Result.INTEGER),
        // numpy (npy_lshift, npy_rshift): a count below zero or of the type's width or more
        // gives 0, or -1 for a right shift of a negative. Counts from the width up to 63
        // need no test: computed in 64 bits, the stored low bits come out the same.
        SHL(null, (x, y) -> y < 0 || y >= 64 ? 0 : x << y, Result.INTEGER),
        SHR(null, (x, y) -> y < 0 || y >= 64 ? (x < 0 ? -1 : 0) : x >> y, Result.INTEGER),
        EQ((x, y) -> x == y ? 1 : 0, (x, y) -> x == y ? 1 : 0, Result.BOOL),
        NE((x, y) -> x != y ? 1 : 0, (x, y) -> x != y ? 1 : 0, Result.BOOL),
        LT((x, y) -> x < y ? 1 : 0, (x, y) -> x < y ? 1 : 0, Result.BOOL),
        LE((x, y) -> x <= y ? 1 : 0, (x, y) -> x <= y ? 1 : 0, Result.BOOL),
        GT((x, y) -> x > y ? 1 : 0, (x, y) -> x > y ? 1 : 0, Result.BOOL),
        GE((x, y) -> x >= y ? 1 : 0, (x, y) -> x >= y ? 1 : 0, Result.BOOL),
        FMAX((x, y) -> Double.isNaN(x) ? y : Double.isNaN(y) ? x : Math.max(x, y), Math::max, Result.PROMOTED),
        FMIN((x, y) -> Double.isNaN(x) ? y : Double.isNaN(y) ? x : Math.min(x, y), Math::min, Result.PROMOTED),
        ATAN2(Math::atan2, null, Result.FLOAT_FOR_INPUTS);

        /**
         * PROMOTED: the promoted type (bools to int8 for idiv, mod, pow and shifts, as in
         * numpy); FLOAT: float64 for integers (true division); FLOAT_FOR_INPUTS: the
         * smallest float that holds the inputs ({@link #floatFor}); INTEGER: integers and
         * bools only; BOOL: comparisons.
         */
        enum Result { PROMOTED, FLOAT, FLOAT_FOR_INPUTS, INTEGER, BOOL }

        final DoubleBinaryOperator d;
        final LongBinaryOperator l;
        final Result result;

        Binary(DoubleBinaryOperator d, LongBinaryOperator l, Result result) {
            this.d = d;
            this.l = l;
            this.result = result;
        }

        String lname() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static NDArray add(Object a, Object b) { return binary(Binary.ADD, a, b); }
    public static NDArray sub(Object a, Object b) { return binary(Binary.SUB, a, b); }
    public static NDArray mul(Object a, Object b) { return binary(Binary.MUL, a, b); }
    public static NDArray div(Object a, Object b) { return binary(Binary.DIV, a, b); }
    public static NDArray idiv(Object a, Object b) { return binary(Binary.IDIV, a, b); }
    public static NDArray mod(Object a, Object b) { return binary(Binary.MOD, a, b); }
    public static NDArray pow(Object a, Object b) { return binary(Binary.POW, a, b); }
    public static NDArray band(Object a, Object b) { return binary(Binary.BAND, a, b); }
    public static NDArray bor(Object a, Object b) { return binary(Binary.BOR, a, b); }
    public static NDArray bxor(Object a, Object b) { return binary(Binary.BXOR, a, b); }
    public static NDArray shl(Object a, Object b) { return binary(Binary.SHL, a, b); }
    public static NDArray shr(Object a, Object b) { return binary(Binary.SHR, a, b); }
    public static NDArray eq(Object a, Object b) { return binary(Binary.EQ, a, b); }
    public static NDArray ne(Object a, Object b) { return binary(Binary.NE, a, b); }
    public static NDArray lt(Object a, Object b) { return binary(Binary.LT, a, b); }
    public static NDArray le(Object a, Object b) { return binary(Binary.LE, a, b); }
    public static NDArray gt(Object a, Object b) { return binary(Binary.GT, a, b); }
    public static NDArray ge(Object a, Object b) { return binary(Binary.GE, a, b); }
    public static NDArray fmax(Object a, Object b) { return binary(Binary.FMAX, a, b); }
    public static NDArray fmin(Object a, Object b) { return binary(Binary.FMIN, a, b); }
    public static NDArray atan2(Object a, Object b) { return binary(Binary.ATAN2, a, b); }

    // numpy's out=: the result goes into `out` (of the broadcast shape, with the result's
    // dtype or one it casts to within its kind: bool < integer < float), which is returned.
    // No array is made on the fast paths: a + b into a float64 out runs at numpy's speed.
    public static NDArray add(Object a, Object b, NDArray out) { return binary(Binary.ADD, a, b, out); }
    public static NDArray sub(Object a, Object b, NDArray out) { return binary(Binary.SUB, a, b, out); }
    public static NDArray mul(Object a, Object b, NDArray out) { return binary(Binary.MUL, a, b, out); }
    public static NDArray div(Object a, Object b, NDArray out) { return binary(Binary.DIV, a, b, out); }
    public static NDArray idiv(Object a, Object b, NDArray out) { return binary(Binary.IDIV, a, b, out); }
    public static NDArray mod(Object a, Object b, NDArray out) { return binary(Binary.MOD, a, b, out); }
    public static NDArray pow(Object a, Object b, NDArray out) { return binary(Binary.POW, a, b, out); }
    public static NDArray band(Object a, Object b, NDArray out) { return binary(Binary.BAND, a, b, out); }
    public static NDArray bor(Object a, Object b, NDArray out) { return binary(Binary.BOR, a, b, out); }
    public static NDArray bxor(Object a, Object b, NDArray out) { return binary(Binary.BXOR, a, b, out); }
    public static NDArray shl(Object a, Object b, NDArray out) { return binary(Binary.SHL, a, b, out); }
    public static NDArray shr(Object a, Object b, NDArray out) { return binary(Binary.SHR, a, b, out); }
    public static NDArray eq(Object a, Object b, NDArray out) { return binary(Binary.EQ, a, b, out); }
    public static NDArray ne(Object a, Object b, NDArray out) { return binary(Binary.NE, a, b, out); }
    public static NDArray lt(Object a, Object b, NDArray out) { return binary(Binary.LT, a, b, out); }
    public static NDArray le(Object a, Object b, NDArray out) { return binary(Binary.LE, a, b, out); }
    public static NDArray gt(Object a, Object b, NDArray out) { return binary(Binary.GT, a, b, out); }
    public static NDArray ge(Object a, Object b, NDArray out) { return binary(Binary.GE, a, b, out); }
    public static NDArray fmax(Object a, Object b, NDArray out) { return binary(Binary.FMAX, a, b, out); }
    public static NDArray fmin(Object a, Object b, NDArray out) { return binary(Binary.FMIN, a, b, out); }
    public static NDArray atan2(Object a, Object b, NDArray out) { return binary(Binary.ATAN2, a, b, out); }

    static NDArray binary(Binary op, Object a, Object b, NDArray out) {
        if (out == null) return binary(op, a, b);
        out.checkWritable();
        NDArray x = operand(a, b), y = operand(b, a);
        DType rt = resultType(op, x, y);
        int[] shape = Ops.broadcastShape(x.shape, y.shape, op.lname());
        if (!Arrays.equals(out.shape, shape))
            throw new IllegalArgumentException(op.lname() + ": out has shape " + Arrays.toString(out.shape)
                    + ", the result " + Arrays.toString(shape));
        if (kind(rt) > kind(out.dtype))
            throw new IllegalArgumentException(op.lname() + ": cannot write a " + rt + " result into a " + out.dtype
                    + " out (numpy's same_kind casting)");
        // Elementwise in place (out is an operand itself) is safe; any other overlap is not.
        boolean overlaps = (out.sharesMemoryWith(x) && !sameView(out, x)) || (out.sharesMemoryWith(y) && !sameView(out, y));
        if (!overlaps && rt == out.dtype && out.isContiguous() && fastFloat64(op, x, y, out)) return out;
        out.fill(binary(op, x, y));
        return out;
    }

    private static int kind(DType t) {
        return t.isBool() ? 0 : t.isFloat() ? 2 : 1;
    }

    private static boolean sameView(NDArray a, NDArray b) {
        return a.offset == b.offset && Arrays.equals(a.shape, b.shape) && Arrays.equals(a.strides, b.strides);
    }

    private static DType resultType(Binary op, NDArray x, NDArray y) {
        DType common = DType.promote(x.dtype, y.dtype);
        if (common.isBool() && op == Binary.SUB)
            throw new IllegalArgumentException("sub is not supported for bools, as in numpy: use bxor or ne");
        boolean boolsToInt8 = op == Binary.IDIV || op == Binary.MOD || op == Binary.POW || op == Binary.SHL || op == Binary.SHR;
        return switch (op.result) {
            case PROMOTED -> common.isBool() && boolsToInt8 ? DType.INT8 : common;
            case FLOAT -> common.isFloat() ? common : DType.FLOAT64;
            // numpy picks the loop both inputs cast to safely: int8 and uint16 meet in float32
            case FLOAT_FOR_INPUTS -> DType.promote(floatFor(x.dtype), floatFor(y.dtype));
            case INTEGER -> {
                if (common.isFloat())
                    throw new IllegalArgumentException(op.lname() + " is not supported for " + x.dtype + " and " + y.dtype
                            + " (it takes integers or bools)");
                yield common.isBool() && boolsToInt8 ? DType.INT8 : common;
            }
            case BOOL -> DType.BOOL;
        };
    }

    /**
     * The float type numpy computes a float function of {@code t} in: t itself for floats,
     * float64 for 32- and 64-bit integers, float32 for 16-bit ones, and float16 for bools
     * and 8-bit integers, which numsky, having no float16, computes in float32.
     */
    static DType floatFor(DType t) {
        if (t.isFloat()) return t;
        return t.itemSize() >= 4 ? DType.FLOAT64 : DType.FLOAT32;
    }

    static NDArray binary(Binary op, Object a, Object b) {
        NDArray x = operand(a, b), y = operand(b, a);
        DType common = DType.promote(x.dtype, y.dtype);
        DType out = resultType(op, x, y);
        if (op == Binary.POW && !common.isFloat() && hasNegative(y))
            throw new IllegalArgumentException("integers to negative integer powers are not allowed");
        int[] shape = Ops.broadcastShape(x.shape, y.shape, op.lname());
        NDArray r = NDArray.empty(out, shape);
        if (fastFloat64(op, x, y, r)) return r;
        boolean inDouble = common.isFloat() || op.l == null;
        int[][] strides = {Ops.broadcastStrides(x, shape, op.lname()), Ops.broadcastStrides(y, shape, op.lname())};
        if (inDouble) {
            Ops.each(shape, (i, o) -> Storage.setDouble(r.data, out, i,
                    op.d.applyAsDouble(Storage.getDouble(x.data, x.dtype, o[0]), Storage.getDouble(y.data, y.dtype, o[1]))),
                    strides, new int[] {x.offset, y.offset});
        } else {
            Ops.each(shape, (i, o) -> Storage.setLong(r.data, out, i,
                    op.l.applyAsLong(Storage.getLong(x.data, x.dtype, o[0]), Storage.getLong(y.data, y.dtype, o[1]))),
                    strides, new int[] {x.offset, y.offset});
        }
        return r;
    }

    /**
     * The hot cases, all float64: arrays of one contiguous shape, or one axis with any
     * strides (a strided view, a scalar broadcast): plain loops the JIT can vectorise.
     */
    private static boolean fastFloat64(Binary op, NDArray x, NDArray y, NDArray r) {
        if (x.dtype != DType.FLOAT64 || y.dtype != DType.FLOAT64 || r.dtype != DType.FLOAT64) return false;
        if (op != Binary.ADD && op != Binary.SUB && op != Binary.MUL && op != Binary.DIV) return false;
        int n = r.size, xs, ys;
        if (Arrays.equals(x.shape, y.shape) && x.isContiguous() && y.isContiguous()) {
            xs = 1;
            ys = 1;
        } else if (r.shape.length == 1 && x.shape.length <= 1 && y.shape.length <= 1) {
            xs = x.shape.length == 0 || x.shape[0] == 1 ? 0 : x.strides[0];
            ys = y.shape.length == 0 || y.shape[0] == 1 ? 0 : y.strides[0];
        } else {
            return false;
        }
        if (!(x.data instanceof double[] a && y.data instanceof double[] b && r.data instanceof double[] c)) {
            fastFloat64Views(op, x, xs, y, ys, r, n);
            return true;
        }
        // In chunks of StopCheck.EVERY, the stop check between them: the inner loops stay
        // plain for the JIT to vectorise.
        for (int from = 0; from < n; from += StopCheck.EVERY) {
            StopCheck.poll();
            int len = Math.min(StopCheck.EVERY, n - from);
            fastFloat64(op, a, x.offset + from * xs, xs, b, y.offset + from * ys, ys, c, r.offset + from, len);
        }
        return true;
    }

    /**
     * The hot cases when an operand or out is a view ({@link Npy#view}): per chunk, each
     * view operand's elements are read into a heap scratch array (one bulk copy when
     * contiguous), the same plain loops run, and a view out is written back in one copy.
     * A received array is added at near heap speed, not a Storage call per element.
     */
    private static void fastFloat64Views(Binary op, NDArray x, int xs, NDArray y, int ys, NDArray r, int n) {
        int chunk = Math.min(StopCheck.EVERY, n);
        double[] sa = x.data instanceof double[] ? null : new double[chunk];
        double[] sb = y.data instanceof double[] ? null : new double[chunk];
        double[] sc = r.data instanceof double[] ? null : new double[chunk];
        for (int from = 0; from < n; from += StopCheck.EVERY) {
            StopCheck.poll();
            int len = Math.min(StopCheck.EVERY, n - from);
            int ao = x.offset + from * xs, bo = y.offset + from * ys, co = r.offset + from;
            double[] a = sa == null ? (double[]) x.data : gather((DoubleBuffer) x.data, ao, xs, len, sa);
            double[] b = sb == null ? (double[]) y.data : gather((DoubleBuffer) y.data, bo, ys, len, sb);
            double[] c = sc == null ? (double[]) r.data : sc;
            // A gathered operand starts at 0 with stride 1, or 0 when it is one broadcast value.
            int as = sa == null || xs == 0 ? xs : 1, bs = sb == null || ys == 0 ? ys : 1;
            fastFloat64(op, a, sa == null ? ao : 0, as, b, sb == null ? bo : 0, bs, c, sc == null ? co : 0, len);
            if (sc != null) ((DoubleBuffer) r.data).put(co, sc, 0, len);
        }
    }

    /** The {@code len} elements of {@code src} at {@code at + i * stride} into {@code into} from 0 (one element for stride 0). */
    private static double[] gather(DoubleBuffer src, int at, int stride, int len, double[] into) {
        if (stride == 1) src.get(at, into, 0, len);
        else if (stride == 0) into[0] = src.get(at);
        else for (int i = 0; i < len; i++) into[i] = src.get(at + i * stride);
        return into;
    }

    private static void fastFloat64(Binary op, double[] a, int ao, int xs, double[] b, int bo, int ys, double[] c, int co, int n) {
        if (xs == 1 && ys == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] + b[bo + i]; }
                case SUB -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] - b[bo + i]; }
                case MUL -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] * b[bo + i]; }
                default -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] / b[bo + i]; }
            }
        } else {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i * xs] + b[bo + i * ys]; }
                case SUB -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i * xs] - b[bo + i * ys]; }
                case MUL -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i * xs] * b[bo + i * ys]; }
                default -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i * xs] / b[bo + i * ys]; }
            }
        }
    }

    /** An operand as an array; a Java number is weak: it takes the other operand's type where it fits. */
    static NDArray operand(Object o, Object other) {
        if (o instanceof NDArray a) return a;
        DType peer = other instanceof NDArray a ? a.dtype : null;
        if (o instanceof Boolean b) return NDArray.array(b ? 1L : 0L, DType.BOOL);
        if (o instanceof Double || o instanceof Float) {
            DType t = peer != null && peer.isFloat() ? peer : DType.FLOAT64;
            return NDArray.scalar(t, ((Number) o).doubleValue());
        }
        if (o instanceof Number n) {
            // numpy 2 (NEP 50): an integer the array's type cannot hold raises, as
            // np.array([1], np.uint8) + 300 does, and does not wrap.
            DType t = peer != null && !peer.isBool() ? peer : DType.INT64;
            if (t.isFloat()) return NDArray.scalar(t, n.doubleValue());
            return NDArray.scalar(t, n.longValue());
        }
        throw new IllegalArgumentException("an operand is an NDArray or a number, not " + (o == null ? "null" : o.getClass().getSimpleName()));
    }

    private static boolean hasNegative(NDArray y) {
        for (int i = 0; i < y.size; i++) {
            if ((i & StopCheck.MASK) == 0) StopCheck.poll();
            if (y.flatLong(i) < 0) return true;
        }
        return false;
    }

    private static long ipow(long base, long exp) {
        long r = 1;
        while (exp > 0) {
            if ((exp & 1) == 1) r *= base;
            base *= base;
            exp >>= 1;
        }
        return r;
    }

    // ---- unary --------------------------------------------------------------------------

    enum Unary {
        UNM(x -> -x, x -> -x, false), BNOT(null, x -> ~x, false), ABS(Math::abs, Math::abs, false),
        CEIL(Math::ceil, null, true), FLOOR(Math::floor, null, true),
        ACOS(Math::acos, null, true), ASIN(Math::asin, null, true), ATAN(Math::atan, null, true),
        COS(Math::cos, null, true), SIN(Math::sin, null, true), TAN(Math::tan, null, true),
        DEG(Math::toDegrees, null, true), RAD(Math::toRadians, null, true),
        LOG(Math::log, null, true), EXP(Math::exp, null, true), SQRT(Math::sqrt, null, true);

        final DoubleUnaryOperator d;
        final LongUnaryOperator l;
        final boolean floatResult;

        Unary(DoubleUnaryOperator d, LongUnaryOperator l, boolean floatResult) {
            this.d = d;
            this.l = l;
            this.floatResult = floatResult;
        }
    }

    public static NDArray unm(NDArray a) { return unary(Unary.UNM, a); }
    public static NDArray bnot(NDArray a) { return unary(Unary.BNOT, a); }
    public static NDArray abs(NDArray a) { return unary(Unary.ABS, a); }
    public static NDArray ceil(NDArray a) { return unary(Unary.CEIL, a); }
    public static NDArray floor(NDArray a) { return unary(Unary.FLOOR, a); }
    public static NDArray acos(NDArray a) { return unary(Unary.ACOS, a); }
    public static NDArray asin(NDArray a) { return unary(Unary.ASIN, a); }
    public static NDArray atan(NDArray a) { return unary(Unary.ATAN, a); }
    public static NDArray cos(NDArray a) { return unary(Unary.COS, a); }
    public static NDArray sin(NDArray a) { return unary(Unary.SIN, a); }
    public static NDArray tan(NDArray a) { return unary(Unary.TAN, a); }
    public static NDArray deg(NDArray a) { return unary(Unary.DEG, a); }
    public static NDArray rad(NDArray a) { return unary(Unary.RAD, a); }
    public static NDArray log(NDArray a) { return unary(Unary.LOG, a); }
    public static NDArray exp(NDArray a) { return unary(Unary.EXP, a); }
    public static NDArray sqrt(NDArray a) { return unary(Unary.SQRT, a); }

    static NDArray unary(Unary op, NDArray a) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        if (op == Unary.UNM && a.dtype.isBool())
            throw new IllegalArgumentException("unm (negative) is not supported for bool: use bnot");
        if (op == Unary.BNOT && a.dtype.isFloat())
            throw new IllegalArgumentException("bnot is not supported for " + a.dtype + " (it takes integers or bools)");
        // numpy 2: ceil and floor keep integer types; the other float functions take floatFor.
        boolean keepsIntegers = op == Unary.CEIL || op == Unary.FLOOR;
        if (keepsIntegers && !a.dtype.isFloat()) return a.copy();     // whole numbers already
        DType out = op.floatResult ? floatFor(a.dtype) : a.dtype;
        NDArray r = NDArray.empty(out, a.shape);
        boolean inDouble = out.isFloat();
        for (int i = 0; i < a.size; i++) {
            if ((i & StopCheck.MASK) == 0) StopCheck.poll();
            int o = a.offsetOfFlat(i);
            if (op == Unary.BNOT && a.dtype.isBool()) Storage.setLong(r.data, out, i, Storage.getLong(a.data, a.dtype, o) == 0 ? 1 : 0);
            else if (inDouble) Storage.setDouble(r.data, out, i, op.d.applyAsDouble(Storage.getDouble(a.data, a.dtype, o)));
            else Storage.setLong(r.data, out, i, op.l.applyAsLong(Storage.getLong(a.data, a.dtype, o)));
        }
        if (r.size < 0) throw new IllegalStateException(name);
        return r;
    }

    // ---- reductions: over all elements (a 0-d result), or along one axis ---------------

    public static NDArray sum(NDArray a) { return Reductions.reduce(a, null, Reductions.Kind.SUM); }
    public static NDArray sum(NDArray a, int axis) { return Reductions.reduce(a, axis, Reductions.Kind.SUM); }
    public static NDArray prod(NDArray a) { return Reductions.reduce(a, null, Reductions.Kind.PROD); }
    public static NDArray prod(NDArray a, int axis) { return Reductions.reduce(a, axis, Reductions.Kind.PROD); }
    public static NDArray max(NDArray a) { return Reductions.reduce(a, null, Reductions.Kind.MAX); }
    public static NDArray max(NDArray a, int axis) { return Reductions.reduce(a, axis, Reductions.Kind.MAX); }
    public static NDArray min(NDArray a) { return Reductions.reduce(a, null, Reductions.Kind.MIN); }
    public static NDArray min(NDArray a, int axis) { return Reductions.reduce(a, axis, Reductions.Kind.MIN); }
    public static NDArray any(NDArray a) { return Reductions.reduce(a, null, Reductions.Kind.ANY); }
    public static NDArray any(NDArray a, int axis) { return Reductions.reduce(a, axis, Reductions.Kind.ANY); }
    public static NDArray all(NDArray a) { return Reductions.reduce(a, null, Reductions.Kind.ALL); }
    public static NDArray all(NDArray a, int axis) { return Reductions.reduce(a, axis, Reductions.Kind.ALL); }
    public static NDArray mean(NDArray a) { return Reductions.reduce(a, null, Reductions.Kind.MEAN); }
    public static NDArray mean(NDArray a, int axis) { return Reductions.reduce(a, axis, Reductions.Kind.MEAN); }
    public static NDArray var(NDArray a) { return Reductions.reduce(a, null, Reductions.Kind.VAR); }
    public static NDArray var(NDArray a, int axis) { return Reductions.reduce(a, axis, Reductions.Kind.VAR); }
    public static NDArray std(NDArray a) { return Reductions.reduce(a, null, Reductions.Kind.STD); }
    public static NDArray std(NDArray a, int axis) { return Reductions.reduce(a, axis, Reductions.Kind.STD); }
    public static NDArray argmax(NDArray a) { return Reductions.reduce(a, null, Reductions.Kind.ARGMAX); }
    public static NDArray argmax(NDArray a, int axis) { return Reductions.reduce(a, axis, Reductions.Kind.ARGMAX); }
    public static NDArray argmin(NDArray a) { return Reductions.reduce(a, null, Reductions.Kind.ARGMIN); }
    public static NDArray argmin(NDArray a, int axis) { return Reductions.reduce(a, axis, Reductions.Kind.ARGMIN); }

    // ---- where ----------------------------------------------------------------------

    /** x where cond is true, else y; all three broadcast together. */
    public static NDArray where(NDArray cond, Object x, Object y) {
        NDArray a = operand(x, y), b = operand(y, x);
        DType out = DType.promote(a.dtype, b.dtype);
        int[] shape = Ops.broadcastShape(Ops.broadcastShape(cond.shape, a.shape, "where"), b.shape, "where");
        NDArray r = NDArray.empty(out, shape);
        int[][] strides = {Ops.broadcastStrides(cond, shape, "where"), Ops.broadcastStrides(a, shape, "where"),
                Ops.broadcastStrides(b, shape, "where")};
        Ops.each(shape, (i, o) -> {
            boolean c = Storage.getDouble(cond.data, cond.dtype, o[0]) != 0;
            NDArray src = c ? a : b;
            int off = c ? o[1] : o[2];
            if (out.isFloat()) Storage.setDouble(r.data, out, i, Storage.getDouble(src.data, src.dtype, off));
            else Storage.setLong(r.data, out, i, Storage.getLong(src.data, src.dtype, off));
        }, strides, new int[] {cond.offset, a.offset, b.offset});
        return r;
    }
}
