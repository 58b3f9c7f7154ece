package io.skyloom.lua.codec;

import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Default values in the text protoc writes into a descriptor: integers in decimal
 * whatever base they were written in, doubles as C's {@code %.15g} (or {@code %.17g}
 * when 15 digits do not read back the same value), floats as {@code %.6g} (or
 * {@code %.9g}), and {@code inf}, {@code -inf}, {@code nan}. Stateless.
 */
final class ProtocDefaults {

    private ProtocDefaults() {}

    /** The default as protoc stores it; {@code written} is the literal without its sign. */
    static String normalize(Type type, boolean negative, String written) {
        switch (type) {
            case TYPE_DOUBLE, TYPE_FLOAT -> {
                String w = written.toLowerCase();
                if (w.equals("inf") || w.equals("infinity")) return negative ? "-inf" : "inf";
                if (w.equals("nan")) return "nan";
                double d = w.startsWith("0x") ? Long.parseUnsignedLong(w.substring(2), 16) : Double.parseDouble(w);
                if (negative) d = -d;
                if (type == Type.TYPE_FLOAT) {
                    float f = (float) d;
                    String s = g(f, 6);
                    return Float.parseFloat(s) == f ? s : g(f, 9);
                }
                String s = g(d, 15);
                return Double.parseDouble(s) == d ? s : g(d, 17);
            }
            case TYPE_INT32, TYPE_INT64, TYPE_SINT32, TYPE_SINT64, TYPE_SFIXED32, TYPE_SFIXED64,
                    TYPE_UINT32, TYPE_UINT64, TYPE_FIXED32, TYPE_FIXED64 -> {
                String w = written.toLowerCase();
                long v = w.startsWith("0x") ? Long.parseUnsignedLong(w.substring(2), 16)
                        : w.length() > 1 && w.startsWith("0") ? Long.parseUnsignedLong(w.substring(1), 8)
                        : Long.parseUnsignedLong(w);
                boolean unsigned = type == Type.TYPE_UINT32 || type == Type.TYPE_UINT64 || type == Type.TYPE_FIXED32 || type == Type.TYPE_FIXED64;
                if (negative) return Long.toString(-v);
                return unsigned ? Long.toUnsignedString(v) : Long.toString(v);
            }
            default -> {
                return negative ? "-" + written : written;
            }
        }
    }

    /** C's %.{p}g: p significant digits, exponent form below 1e-4 or from 10^p, no trailing zeros. */
    static String g(double d, int p) {
        if (d == 0) return (1 / d < 0) ? "-0" : "0";
        BigDecimal b = new BigDecimal(d).round(new MathContext(p));
        int exp = b.precision() - b.scale() - 1;
        if (exp < -4 || exp >= p) {
            BigDecimal mantissa = b.movePointLeft(exp).stripTrailingZeros();
            String m = mantissa.toPlainString();
            return m + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        String s = b.stripTrailingZeros().toPlainString();
        return s;
    }
}
