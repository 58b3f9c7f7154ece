package io.skyloom.numsky;

import java.util.Locale;

/**
 * numpy's element types that numsky supports. Each stores its elements in one Java
 * primitive array: bool, int8 and uint8 in {@code byte[]}, (u)int16 in {@code short[]},
 * (u)int32 in {@code int[]}, int64 in {@code long[]}, float32 in {@code float[]},
 * float64 in {@code double[]} (or, in a view of received bytes, the NIO buffer of that
 * width: see {@link Npy#view}); unsigned values are read with their sign bit masked off.
 */
public enum DType {
    BOOL("bool", 1, 'b', "|b1"),
    INT8("int8", 1, 'i', "|i1"),
    UINT8("uint8", 1, 'u', "|u1"),
    INT16("int16", 2, 'i', "<i2"),
    UINT16("uint16", 2, 'u', "<u2"),
    INT32("int32", 4, 'i', "<i4"),
    UINT32("uint32", 4, 'u', "<u4"),
    INT64("int64", 8, 'i', "<i8"),
    FLOAT32("float32", 4, 'f', "<f4"),
    FLOAT64("float64", 8, 'f', "<f8");

    private final String numpyName;
    private final int itemSize;
    private final char kind;
    private final String descr;

    DType(String numpyName, int itemSize, char kind, String descr) {
        this.numpyName = numpyName;
        this.itemSize = itemSize;
        this.kind = kind;
        this.descr = descr;
    }

    /** numpy's name: "float64", "uint8", ... */
    public String numpyName() {
        return numpyName;
    }

    /** Bytes per element, as numpy's itemsize. */
    public int itemSize() {
        return itemSize;
    }

    public boolean isFloat() {
        return kind == 'f';
    }

    public boolean isInteger() {
        return kind == 'i' || kind == 'u';
    }

    public boolean isUnsigned() {
        return kind == 'u';
    }

    public boolean isBool() {
        return kind == 'b';
    }

    /** The smallest value an integer type holds (bools: 0; floats: -Long.MAX_VALUE, not used). */
    public long minValue() {
        if (isBool() || isUnsigned()) return 0;
        return isFloat() ? -Long.MAX_VALUE : -(1L << (itemSize * 8 - 1));
    }

    /** The largest value an integer type holds (bools: 1). */
    public long maxValue() {
        if (isBool()) return 1;
        if (isFloat() || itemSize == 8) return Long.MAX_VALUE;
        return isUnsigned() ? (1L << (itemSize * 8)) - 1 : (1L << (itemSize * 8 - 1)) - 1;
    }

    /** The .npy descr of this type, little-endian. */
    String descr() {
        return descr;
    }

    /** The dtype named {@code name} ("float64", "f8", "int32", "bool", ...). */
    public static DType of(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (DType t : values()) if (t.numpyName.equals(n) || t.descr.substring(1).equals(n)) return t;
        if (n.equals("float") || n.equals("double")) return FLOAT64;
        if (n.equals("int") || n.equals("long")) return INT64;
        throw new IllegalArgumentException("unknown dtype '" + name + "': one of bool, int8, uint8, int16, uint16, "
                + "int32, uint32, int64, float32, float64");
    }

    /** numpy's result type for an operation between arrays of types {@code a} and {@code b}. */
    public static DType promote(DType a, DType b) {
        if (a == b) return a;
        if (a.isBool()) return b;
        if (b.isBool()) return a;
        if (a.isFloat() || b.isFloat()) {
            if (a == FLOAT64 || b == FLOAT64) return FLOAT64;
            DType other = a.isFloat() ? b : a;             // float32 with an integer type
            return other.itemSize <= 2 ? FLOAT32 : FLOAT64;
        }
        if (a.isUnsigned() == b.isUnsigned()) return a.itemSize >= b.itemSize ? a : b;
        DType signed = a.isUnsigned() ? b : a;
        DType unsigned = a.isUnsigned() ? a : b;
        if (signed.itemSize > unsigned.itemSize) return signed;
        return switch (unsigned) {
            case UINT8 -> INT16;
            case UINT16 -> INT32;
            default -> INT64;
        };
    }

    @Override
    public String toString() {
        return numpyName;
    }
}
