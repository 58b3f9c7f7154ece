package io.skyloom.foreign;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What may cross a service boundary inside one process, and how. Immutable values pass
 * by reference; byte arrays, lists and maps are copied, so no two services share
 * mutable state; anything else is refused with a clear error.
 */
public final class ForeignValues {

    private ForeignValues() {}

    /** Results of a foreign command as the list they stand for. */
    static Object[] results(Object returned) {
        if (returned == null) return new Object[0];
        if (returned instanceof Object[] many) return freezeAll(many);
        return new Object[] {freeze(returned)};
    }

    static Object[] freezeAll(Object[] values) {
        Object[] out = values.clone();
        for (int i = 0; i < out.length; i++) out[i] = freeze(out[i]);
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
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean
                || v instanceof Character || v instanceof Enum<?> || v instanceof Record) return v;
        if (v instanceof byte[] b) return b.clone();
        if (v instanceof List<?> list) {
            ArrayList<Object> copy = new ArrayList<>(list.size());
            for (Object e : list) copy.add(freeze(e));
            return Collections.unmodifiableList(copy);
        }
        if (sharesByReference(v)) return v;
        if (v instanceof Map<?, ?> map) {
            LinkedHashMap<Object, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            for (Map.Entry<?, ?> e : map.entrySet()) copy.put(freeze(e.getKey()), freeze(e.getValue()));
            return Collections.unmodifiableMap(copy);
        }
        throw new IllegalArgumentException("cannot pass a " + v.getClass().getName()
                + " between services: use null, strings, numbers, booleans, byte[], lists, maps, records or NDArray");
    }
}
