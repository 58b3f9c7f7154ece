package io.skyloom.foreign;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What may cross a service boundary inside one process, and how. By reference, because
 * nobody can change them: {@code null}, strings, boxed primitives ({@code Boolean},
 * {@code Character}, the {@code Number}s of java.lang, {@code BigInteger}, {@code BigDecimal}), enums, numsky's
 * {@code NDArray} (shared on purpose, as pyskynet shares numpy arrays), and lists and
 * maps this class made. Copied: {@code byte[]}, every other {@code List} and {@code Map}
 * (into unmodifiable ones), and records whose components are not all passed by
 * reference (rebuilt through their canonical constructor from copied components).
 * Anything else is refused with an error naming its class, and so is a value nested
 * deeper than {@value #MAX_DEPTH} levels (a cycle, most likely). Stateless.
 */
public final class ForeignValues {

    /** How deep lists, maps and records may nest; Lua's side stops at the same depth. */
    public static final int MAX_DEPTH = 64;

    private ForeignValues() {}

    /** Results of a foreign command as the list they stand for. */
    static Object[] results(Object returned) {
        if (returned == null) return new Object[0];
        if (returned instanceof Object[] many) return freezeAll(many);
        return new Object[] {freeze(returned)};
    }

    static Object[] freezeAll(Object[] values) {
        Object[] out = values.clone();
        for (int i = 0; i < out.length; i++) out[i] = freeze(out[i], 0);
        return out;
    }

    /**
     * True for values that cross service boundaries by reference on purpose: numsky's
     * arrays, as pyskynet shares numpy arrays (no copy, in both directions).
     */
    public static boolean sharesByReference(Object v) {
        return v instanceof io.skyloom.numsky.NDArray;
    }

    /** A value safe to hand to another service: the same object where immutable, else a copy. */
    public static Object freeze(Object v) {
        return freeze(v, 0);
    }

    private static Object freeze(Object v, int depth) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Character || v instanceof Enum<?>
                || isJavaLangNumber(v) || sharesByReference(v) || v instanceof FrozenList || v instanceof FrozenMap) return v;
        if (depth >= MAX_DEPTH)
            throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH + " levels (a cycle?): cannot pass it between services");
        if (v instanceof byte[] b) return b.clone();
        if (v instanceof List<?> list) {
            Object[] copy = new Object[list.size()];
            int i = 0;
            for (Object e : list) copy[i++] = freeze(e, depth + 1);
            return new FrozenList(copy);
        }
        if (v instanceof Map<?, ?> map) {
            LinkedHashMap<Object, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            for (Map.Entry<?, ?> e : map.entrySet()) copy.put(freeze(e.getKey(), depth + 1), freeze(e.getValue(), depth + 1));
            return new FrozenMap(copy);
        }
        if (v instanceof Record r) return freezeRecord(r, depth);
        throw new IllegalArgumentException("cannot pass a " + v.getClass().getName()
                + " between services: use null, strings, numbers, booleans, byte[], lists, maps, records of those, or NDArray");
    }

    private static boolean isJavaLangNumber(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Double || v instanceof Float
                || v instanceof Short || v instanceof Byte || v instanceof java.math.BigInteger || v instanceof java.math.BigDecimal;
    }

    /** The record itself when every component passes by reference, else a rebuilt copy. */
    private static Object freezeRecord(Record r, int depth) {
        RecordComponent[] parts = r.getClass().getRecordComponents();
        Object[] values = new Object[parts.length];
        Class<?>[] types = new Class<?>[parts.length];
        boolean same = true;
        try {
            for (int i = 0; i < parts.length; i++) {
                var accessor = parts[i].getAccessor();
                accessor.trySetAccessible();
                Object value = accessor.invoke(r);
                values[i] = freeze(value, depth + 1);
                types[i] = parts[i].getType();
                same &= values[i] == value;
            }
            if (same) return r;
            Constructor<?> canonical = r.getClass().getDeclaredConstructor(types);
            canonical.trySetAccessible();
            return canonical.newInstance(values);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot copy record " + r.getClass().getName()
                    + " to pass it between services (its components are not all immutable and it cannot be rebuilt: "
                    + e + "); make its components immutable (List.copyOf, Map.copyOf) or pass a map", e);
        }
    }

    /** An unmodifiable list this class made: passing it on needs no copy. */
    static final class FrozenList extends java.util.AbstractList<Object> implements java.util.RandomAccess {
        private final Object[] items;

        FrozenList(Object[] items) {
            this.items = items;
        }

        @Override
        public Object get(int index) {
            return items[index];
        }

        @Override
        public int size() {
            return items.length;
        }
    }

    /** An unmodifiable map this class made: passing it on needs no copy. */
    static final class FrozenMap extends java.util.AbstractMap<Object, Object> {
        private final Map<Object, Object> entries;

        FrozenMap(LinkedHashMap<Object, Object> entries) {
            this.entries = Collections.unmodifiableMap(entries);
        }

        @Override
        public java.util.Set<Entry<Object, Object>> entrySet() {
            return entries.entrySet();
        }

        @Override
        public Object get(Object key) {
            return entries.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return entries.containsKey(key);
        }

        @Override
        public int size() {
            return entries.size();
        }
    }

    /** A list of already-frozen values, for hosts that convert values themselves (Lua tables). */
    public static List<Object> frozenList(Object[] frozenItems) {
        return new FrozenList(frozenItems);
    }

    /** A map of already-frozen keys and values, for hosts that convert values themselves. */
    public static Map<Object, Object> frozenMap(LinkedHashMap<Object, Object> frozenEntries) {
        return new FrozenMap(frozenEntries);
    }
}
