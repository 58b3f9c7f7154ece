package org.luaj.vm2;

/**
 * Walks a table's entries in place: its array part, then its hash part, slot by slot, in
 * the order {@link LuaTable#next} gives them. {@code next} makes a key-value pair for
 * every entry and finds the previous key's slot again to go on from it; packing a
 * message walks every table of it, and those pairs were a fifth of what a call with a
 * table payload allocated. A cursor makes nothing per entry. It lives in LuaJ's package
 * because the parts and slots are LuaJ's own; it depends on LuaJ 3.0.1's layout, which
 * the build pins (as {@code LuaErrorAccess} does).
 *
 * <p>Only a table with strong keys and values is walked in place ({@link #reset} says
 * so): a weak table's entries are references that LuaJ resolves itself. The table must
 * not change during the walk. One table at a time; not thread-safe.
 */
public final class TableCursor {

    private static final LuaValue[] NO_VALUES = {};
    private static final LuaTable.Slot[] NO_SLOTS = {};

    private LuaValue[] array = NO_VALUES;
    private LuaTable.Slot[] hash = NO_SLOTS;
    private boolean inHash = true;      // a fresh cursor is at the end
    private int index;                  // next array index, then next hash bucket
    private LuaTable.Slot chain;        // rest of the current bucket's chain
    private LuaValue key, value;

    /** Starts a walk of {@code t}; false (and no walk) when {@code t} is weak. */
    public boolean reset(LuaTable t) {
        Metatable m = t.m_metatable;
        if (m != null && (m.useWeakKeys() || m.useWeakValues())) return false;
        array = t.array;
        hash = t.hash;
        index = 0;
        inHash = false;
        chain = null;
        key = value = null;
        return true;
    }

    /** Moves to the next entry; false at the end. */
    public boolean next() {
        while (!inHash) {
            if (index >= array.length) {
                inHash = true;
                index = 0;
                break;
            }
            LuaValue v = array[index++];
            if (v != null && !v.isnil()) {
                key = LuaInteger.valueOf(index);
                value = v;
                return true;
            }
        }
        for (;;) {
            while (chain == null) {
                if (index >= hash.length) {
                    hash = NO_SLOTS;            // at the end, and holding nothing of the table
                    array = NO_VALUES;
                    index = 0;
                    key = value = null;
                    return false;
                }
                chain = hash[index++];
            }
            LuaTable.StrongSlot e = chain.first();
            chain = chain.rest();
            if (e == null) continue;
            LuaValue v = e.value();
            if (v == null || v.isnil()) continue;
            key = e.key();
            value = v;
            return true;
        }
    }

    /** The current entry's key. */
    public LuaValue key() {
        return key;
    }

    /** The current entry's value. */
    public LuaValue value() {
        return value;
    }
}
