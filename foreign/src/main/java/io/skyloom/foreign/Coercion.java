package io.skyloom.foreign;

/**
 * Fits a foreign argument to the parameter type of an annotated handler: numbers widen
 * or narrow when the value fits exactly, otherwise the call fails naming the argument.
 */
final class Coercion {
    private Coercion() {}

    static Object to(Class<?> type, Object v, String method, int index) {
        if (v == null) {
            if (type.isPrimitive()) throw mismatch(type, v, method, index);
            return null;
        }
        Class<?> boxed = box(type);
        if (boxed.isInstance(v)) return v;
        if (v instanceof Number n) {
            if (boxed == Long.class && exactLong(n)) return n.longValue();
            if (boxed == Integer.class && exactLong(n) && n.longValue() == (int) n.longValue()) return n.intValue();
            if (boxed == Double.class) return n.doubleValue();
            if (boxed == Float.class) return n.floatValue();
            if (boxed == Short.class && exactLong(n) && n.longValue() == (short) n.longValue()) return n.shortValue();
            if (boxed == Byte.class && exactLong(n) && n.longValue() == (byte) n.longValue()) return n.byteValue();
        }
        throw mismatch(type, v, method, index);
    }

    private static boolean exactLong(Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) return true;
        double d = n.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 0x1p63;
    }

    private static IllegalArgumentException mismatch(Class<?> type, Object v, String method, int index) {
        return new IllegalArgumentException(method + ": argument " + (index + 1) + " should be " + type.getSimpleName()
                + ", got " + (v == null ? "nil" : v.getClass().getSimpleName() + " " + v));
    }

    private static Class<?> box(Class<?> t) {
        if (!t.isPrimitive()) return t;
        if (t == int.class) return Integer.class;
        if (t == long.class) return Long.class;
        if (t == double.class) return Double.class;
        if (t == boolean.class) return Boolean.class;
        if (t == float.class) return Float.class;
        if (t == short.class) return Short.class;
        if (t == byte.class) return Byte.class;
        if (t == char.class) return Character.class;
        return t;
    }
}
