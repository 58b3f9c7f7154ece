package io.skyloom.lua.shared;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A Lua table frozen into an immutable Java structure, shared by every service of the
 * JVM without a copy (skynet.sharedata, skynet.sharetable). LuaJ tables must never be
 * shared between Lua states (their fields are unsynchronized, and each state would see
 * the other's writes mid-way), so the data lives here, in final arrays, and each state
 * reads it through its own {@link SharedView}s. Entries are scalars (LuaJ's strings,
 * numbers and booleans are immutable and already cross states in messages) or nested
 * Frozen tables. Immutable, thread-safe.
 */
public final class Frozen {

    static final int MAX_DEPTH = 64;
    static final Frozen EMPTY = new Frozen(new LuaValue[0], new Object[0], 0, Map.of());

    private final LuaValue[] keys;          // the array part 1..n first, then the rest: next's order
    private final Object[] values;          // LuaValue scalar or Frozen, by position
    private final int length;               // n: keys 1..n are the first n entries
    private final Map<LuaValue, Integer> index;   // key -> position, for the entries past the array part

    private Frozen(LuaValue[] keys, Object[] values, int length, Map<LuaValue, Integer> index) {
        this.keys = keys;
        this.values = values;
        this.length = length;
        this.index = index;
    }

    /** Freezes {@code t}: strings, numbers, booleans and tables only; a table met twice is frozen once. */
    public static Frozen of(LuaTable t) {
        return freeze(t, 0, new IdentityHashMap<>(), new IdentityHashMap<>());
    }

    private static Frozen freeze(LuaTable t, int depth, IdentityHashMap<LuaTable, Frozen> done,
                                 IdentityHashMap<LuaTable, Boolean> open) {
        Frozen f = done.get(t);
        if (f != null) return f;
        if (depth >= MAX_DEPTH) throw new LuaError("cannot share a table nested deeper than " + MAX_DEPTH + " levels");
        if (open.put(t, Boolean.TRUE) != null) throw new LuaError("cannot share a table that contains itself (a cycle)");
        int n = t.length();
        List<LuaValue> ks = new ArrayList<>();
        List<Object> vs = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            LuaValue v = t.rawget(i);
            if (v.isnil()) { n = i - 1; break; }   // a border: what follows goes to the hash part
            ks.add(LuaInteger.valueOf(i));
            vs.add(value(v, LuaInteger.valueOf(i), depth, done, open));
        }
        Map<LuaValue, Integer> index = new HashMap<>();
        LuaValue k = LuaValue.NIL;
        for (;;) {
            Varargs e = t.next(k);
            if ((k = e.arg1()).isnil()) break;
            LuaValue key = normal(k);
            if (key.isinttype() && key.toint() >= 1 && key.toint() <= n) continue;
            if (!key.isstring() && !key.isboolean() && !key.isnumber())
                throw new LuaError("cannot share a table with a " + k.typename() + " key");
            index.put(key, ks.size());
            ks.add(key);
            vs.add(value(e.arg(2), key, depth, done, open));
        }
        open.remove(t);
        f = new Frozen(ks.toArray(new LuaValue[0]), vs.toArray(), n, Map.copyOf(index));
        done.put(t, f);
        return f;
    }

    private static Object value(LuaValue v, LuaValue key, int depth, IdentityHashMap<LuaTable, Frozen> done,
                                IdentityHashMap<LuaTable, Boolean> open) {
        return switch (v.type()) {
            case LuaValue.TTABLE -> v instanceof SharedView sv ? sv.node() : freeze((LuaTable) v, depth + 1, done, open);
            case LuaValue.TSTRING, LuaValue.TNUMBER, LuaValue.TBOOLEAN -> v;
            default -> throw new LuaError("cannot share a " + v.typename() + " (at key " + key.tojstring() + ")");
        };
    }

    /** Integral numbers as LuaInteger, so 1 and 1.0 find one entry, as in a Lua table. */
    static LuaValue normal(LuaValue k) {
        if (k.type() == LuaValue.TNUMBER && !k.isinttype()) {
            double d = k.todouble();
            if (d == (int) d) return LuaInteger.valueOf((int) d);
        }
        return k;
    }

    /** The value under {@code key}: a scalar LuaValue, a Frozen, or null. */
    Object get(LuaValue key) {
        LuaValue k = normal(key);
        if (k.isinttype()) {
            int i = k.toint();
            if (i >= 1 && i <= length) return values[i - 1];
        }
        Integer at = index.get(k);
        return at == null ? null : values[at];
    }

    Object get(int i) {
        if (i >= 1 && i <= length) return values[i - 1];
        Integer at = index.get(LuaInteger.valueOf(i));
        return at == null ? null : values[at];
    }

    int length() {
        return length;
    }

    int size() {
        return keys.length;
    }

    LuaValue keyAt(int position) {
        return keys[position];
    }

    Object valueAt(int position) {
        return values[position];
    }

    /** The position after {@code key} in next's order: 0 for nil, -1 for a key not here. */
    int after(LuaValue key) {
        if (key.isnil()) return 0;
        LuaValue k = normal(key);
        if (k.isinttype() && k.toint() >= 1 && k.toint() <= length) return k.toint();
        Integer at = index.get(k);
        return at == null ? -1 : at + 1;
    }

    /** A new, ordinary Lua table with this data (sharedata.deepcopy). */
    LuaTable copy() {
        LuaTable t = new LuaTable(length, keys.length - length);
        for (int i = 0; i < keys.length; i++) {
            Object v = values[i];
            t.rawset(keys[i], v instanceof Frozen f ? f.copy() : (LuaValue) v);
        }
        return t;
    }
}
