package io.skyloom.numsky;

/**
 * Element reads and writes on the primitive array behind an array, by dtype. Two ways to
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
            case FLOAT64 -> ((double[]) data)[i];
            case FLOAT32 -> ((float[]) data)[i];
            default -> getLong(data, t, i);
        };
    }

    static long getLong(Object data, DType t, int i) {
        return switch (t) {
            case BOOL, INT8 -> ((byte[]) data)[i];
            case UINT8 -> ((byte[]) data)[i] & 0xFFL;
            case INT16 -> ((short[]) data)[i];
            case UINT16 -> ((short[]) data)[i] & 0xFFFFL;
            case INT32 -> ((int[]) data)[i];
            case UINT32 -> ((int[]) data)[i] & 0xFFFF_FFFFL;
            case INT64 -> ((long[]) data)[i];
            case FLOAT32 -> (long) ((float[]) data)[i];
            case FLOAT64 -> (long) ((double[]) data)[i];
        };
    }

    static void setDouble(Object data, DType t, int i, double v) {
        switch (t) {
            case FLOAT64 -> ((double[]) data)[i] = v;
            case FLOAT32 -> ((float[]) data)[i] = (float) v;
            case BOOL -> ((byte[]) data)[i] = (byte) (v != 0 ? 1 : 0);
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
            case BOOL -> ((byte[]) data)[i] = (byte) (v != 0 ? 1 : 0);
            case INT8, UINT8 -> ((byte[]) data)[i] = (byte) v;
            case INT16, UINT16 -> ((short[]) data)[i] = (short) v;
            case INT32, UINT32 -> ((int[]) data)[i] = (int) v;
            case INT64 -> ((long[]) data)[i] = v;
            case FLOAT32 -> ((float[]) data)[i] = (float) v;
            case FLOAT64 -> ((double[]) data)[i] = v;
        }
    }
}
