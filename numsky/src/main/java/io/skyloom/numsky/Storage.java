package io.skyloom.numsky;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * Element reads and writes on the storage behind an array, by dtype. Storage is a primitive
 * array on the heap (what {@link #allocate} makes), or, for an array viewing bytes it does
 * not own ({@link Npy#view}), the typed NIO buffer of the same width over those bytes
 * (byte, short, int, long, float or double, little-endian, element i at index i). Each
 * access tests for the heap array first, so heap arrays keep their speed. Two ways to
 * convert, as numpy 2 has two: {@link #setDouble}/{@link #setLong} are numpy's casts
 * ({@code astype}, arrays assigned into arrays, results stored): integers wrap, floats
 * truncate toward zero and out-of-range floats follow C on x86-64; {@link #setValue} is
 * numpy's conversion of a Python number ({@code np.array([300], np.uint8)}, {@code a[i] = v},
 * a scalar operand): a value the type cannot hold raises (numpy's OverflowError).
 */
final class Storage {
    private Storage() {}

    static Object allocate(DType t, int n) {
        try {
            return newArray(t, n);
        } catch (OutOfMemoryError e) {
            // One failed allocation leaves the heap as it was: safe to report and go on.
            throw new IllegalArgumentException("not enough memory for an array of " + n + " " + t + " elements");
        }
    }

    private static Object newArray(DType t, int n) {
        return switch (t) {
            case BOOL, INT8, UINT8 -> new byte[n];
            case INT16, UINT16 -> new short[n];
            case INT32, UINT32 -> new int[n];
            case INT64 -> new long[n];
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
        };
    }

    static double getDouble(Object data, DType t, int i) {
        return switch (t) {
            case FLOAT64 -> doubleAt(data, i);
            case FLOAT32 -> floatAt(data, i);
            default -> getLong(data, t, i);
        };
    }

    static long getLong(Object data, DType t, int i) {
        return switch (t) {
            case BOOL, INT8 -> byteAt(data, i);
            case UINT8 -> byteAt(data, i) & 0xFFL;
            case INT16 -> shortAt(data, i);
            case UINT16 -> shortAt(data, i) & 0xFFFFL;
            case INT32 -> intAt(data, i);
            case UINT32 -> intAt(data, i) & 0xFFFF_FFFFL;
            case INT64 -> longAt(data, i);
            case FLOAT32 -> (long) floatAt(data, i);
            case FLOAT64 -> (long) doubleAt(data, i);
        };
    }

    static void setDouble(Object data, DType t, int i, double v) {
        switch (t) {
            case FLOAT64 -> putDouble(data, i, v);
            case FLOAT32 -> putFloat(data, i, (float) v);
            case BOOL -> putByte(data, i, (byte) (v != 0 ? 1 : 0));
            default -> setLong(data, t, i, castToInteger(v, t));
        }
    }

    /**
     * numpy's float-to-integer cast, which numpy leaves to C: on x86-64 (the machines we
     * run and compare on) an out-of-range or NaN value converts to the "integer indefinite"
     * INT64_MIN, INT32_MIN for int32, and narrower types keep the low bits of the 64-bit
     * conversion. numpy 2.4.6 here: 1e300 to int8 0, to int64 INT64_MIN, 3e9 to int32
     * INT32_MIN, 1e10 to uint32 1410065408, -1.0 to uint8 255. Java's casts saturate instead.
     * numpy's SIMD loop for long contiguous arrays gives other values for some uint32 cases
     * (1e10 becomes 0 among 20 elements): the result is undefined in C, and numsky keeps
     * the element-at-a-time one.
     */
    static long castToInteger(double v, DType t) {
        if (t == DType.INT32) return v > -0x1p31 - 1 && v < 0x1p31 ? (long) v : Integer.MIN_VALUE;
        return v >= -0x1p63 && v < 0x1p63 ? (long) v : Long.MIN_VALUE;
    }

    /** Stores a Python-style number: floats truncate toward zero; NaN, infinity and values out of range raise. */
    static void setValue(Object data, DType t, int i, double v) {
        if (t.isFloat() || t.isBool()) {
            setDouble(data, t, i, v);
            return;
        }
        if (Double.isNaN(v)) throw new ArithmeticException("cannot convert float NaN to integer " + t);
        if (Double.isInfinite(v)) throw new ArithmeticException("cannot convert float infinity to integer " + t);
        double w = v < 0 ? Math.ceil(v) : Math.floor(v);
        if (w < t.minValue() || w > t.maxValue() || w >= 0x1p63) throw outOfBounds("number " + format(v), t);
        setLong(data, t, i, (long) w);
    }

    /** Stores a Python-style integer: one the type cannot hold raises. */
    static void setValue(Object data, DType t, int i, long v) {
        if (t.isInteger() && (v < t.minValue() || v > t.maxValue())) throw outOfBounds("integer " + v, t);
        setLong(data, t, i, v);
    }

    private static ArithmeticException outOfBounds(String v, DType t) {
        return new ArithmeticException(v + " is out of bounds for " + t + " (" + t.minValue() + " to " + t.maxValue() + ")");
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 0x1p63 ? Long.toString((long) v) : Double.toString(v).replace('E', 'e');
    }

    static void setLong(Object data, DType t, int i, long v) {
        switch (t) {
            case BOOL -> putByte(data, i, (byte) (v != 0 ? 1 : 0));
            case INT8, UINT8 -> putByte(data, i, (byte) v);
            case INT16, UINT16 -> putShort(data, i, (short) v);
            case INT32, UINT32 -> putInt(data, i, (int) v);
            case INT64 -> putLong(data, i, v);
            case FLOAT32 -> putFloat(data, i, (float) v);
            case FLOAT64 -> putDouble(data, i, v);
        }
    }

    /** True when {@code data} is a view of bytes given read-only (a receiver that may only look). */
    static boolean isReadOnly(Object data) {
        return data instanceof Buffer b && b.isReadOnly();
    }

    /** numpy's ValueError for a write into a read-only array, raised before any element is written. */
    static IllegalArgumentException readOnly() {
        return new IllegalArgumentException("assignment destination is read-only");
    }

    /**
     * The contiguous elements {@code at .. at + n} of view storage {@code src} into the heap
     * storage {@code dst} of the same dtype from 0: one bulk copy (a memcpy), not a walk.
     */
    static void copyOut(Buffer src, DType t, int at, Object dst, int n) {
        switch (t) {
            case BOOL, INT8, UINT8 -> ((ByteBuffer) src).get(at, (byte[]) dst, 0, n);
            case INT16, UINT16 -> ((ShortBuffer) src).get(at, (short[]) dst, 0, n);
            case INT32, UINT32 -> ((IntBuffer) src).get(at, (int[]) dst, 0, n);
            case INT64 -> ((LongBuffer) src).get(at, (long[]) dst, 0, n);
            case FLOAT32 -> ((FloatBuffer) src).get(at, (float[]) dst, 0, n);
            case FLOAT64 -> ((DoubleBuffer) src).get(at, (double[]) dst, 0, n);
        }
    }

    // One element of either kind of storage: the heap array's test first, the view in the
    // else branch. A write to a read-only view raises numpy's error, not the buffer's
    // ReadOnlyBufferException, whatever path it comes by.

    private static byte byteAt(Object data, int i) {
        return data instanceof byte[] a ? a[i] : ((ByteBuffer) data).get(i);
    }

    private static short shortAt(Object data, int i) {
        return data instanceof short[] a ? a[i] : ((ShortBuffer) data).get(i);
    }

    private static int intAt(Object data, int i) {
        return data instanceof int[] a ? a[i] : ((IntBuffer) data).get(i);
    }

    private static long longAt(Object data, int i) {
        return data instanceof long[] a ? a[i] : ((LongBuffer) data).get(i);
    }

    private static float floatAt(Object data, int i) {
        return data instanceof float[] a ? a[i] : ((FloatBuffer) data).get(i);
    }

    private static double doubleAt(Object data, int i) {
        return data instanceof double[] a ? a[i] : ((DoubleBuffer) data).get(i);
    }

    private static void putByte(Object data, int i, byte v) {
        if (data instanceof byte[] a) a[i] = v;
        else writable((ByteBuffer) data).put(i, v);
    }

    private static void putShort(Object data, int i, short v) {
        if (data instanceof short[] a) a[i] = v;
        else writable((ShortBuffer) data).put(i, v);
    }

    private static void putInt(Object data, int i, int v) {
        if (data instanceof int[] a) a[i] = v;
        else writable((IntBuffer) data).put(i, v);
    }

    private static void putLong(Object data, int i, long v) {
        if (data instanceof long[] a) a[i] = v;
        else writable((LongBuffer) data).put(i, v);
    }

    private static void putFloat(Object data, int i, float v) {
        if (data instanceof float[] a) a[i] = v;
        else writable((FloatBuffer) data).put(i, v);
    }

    private static void putDouble(Object data, int i, double v) {
        if (data instanceof double[] a) a[i] = v;
        else writable((DoubleBuffer) data).put(i, v);
    }

    private static <B extends Buffer> B writable(B b) {
        if (b.isReadOnly()) throw readOnly();
        return b;
    }
}
