package io.skyloom.lua.shared;

import java.util.HashMap;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * One Lua state's read-only view of shared data: a LuaTable whose reads (indexing,
 * {@code #}, {@code next}/{@code pairs}, {@code ipairs}, {@code table.concat},
 * {@code unpack}) come from a {@link Frozen} and whose writes raise. Reading through the
 * table's own methods, not metamethods, lets every library function treat it as the table
 * it looks like. A view is found by its path from a {@link SharedRoot}: when the root moves
 * to a new version the view re-resolves its path at its next read (a key gone: an empty
 * table). Sub-tables are views too, one per key, so {@code t.a == t.a}. A pairs loop
 * that spans an update goes on in the new version, and fails with Lua's "invalid key to
 * 'next'" if its key is gone, as a table changed under a traversal may. Owned by one Lua
 * state (its baton holder), like any table of it; only the Frozen data is shared.
 */
public final class SharedView extends LuaTable {

    private final SharedRoot root;
    private final SharedView parent;
    private final LuaValue key;                 // under parent; null for the root view
    private int version = -1;
    private Frozen node = Frozen.EMPTY;
    private HashMap<LuaValue, SharedView> children;

    public SharedView(SharedRoot root) {
        this(root, null, null);
    }

    private SharedView(SharedRoot root, SharedView parent, LuaValue key) {
        this.root = root;
        this.parent = parent;
        this.key = key;
    }

    SharedRoot root() {
        return root;
    }

    /** How many child views this view keeps (for tests). */
    int children() {
        return children == null ? 0 : children.size();
    }

    /** The data this view shows now, after following its root to the current version. */
    Frozen node() {
        int v = root.version();
        if (v != version) {
            version = v;
            if (parent == null) {
                node = root.data();
            } else {
                Object o = parent.node().get(key);
                node = o instanceof Frozen f ? f : Frozen.EMPTY;
            }
            // children of keys the new version lacks go: a box read for years under
            // changing keys would otherwise keep a view of every key it ever read
            if (children != null) children.keySet().removeIf(k -> !(node.get(k) instanceof Frozen));
        }
        return node;
    }

    private LuaValue lua(LuaValue k, Object o) {
        if (o == null) return NIL;
        if (o instanceof LuaValue v) return v;
        if (children == null) children = new HashMap<>();
        LuaValue nk = Frozen.normal(k);
        SharedView child = children.get(nk);
        if (child == null) children.put(nk, child = new SharedView(root, this, nk));
        return child;
    }

    @Override
    public LuaValue get(LuaValue k) {
        return rawget(k);
    }

    @Override
    public LuaValue get(int i) {
        return rawget(i);
    }

    @Override
    public LuaValue rawget(LuaValue k) {
        return lua(k, node().get(k));
    }

    @Override
    public LuaValue rawget(int i) {
        return lua(LuaInteger.valueOf(i), node().get(i));
    }

    @Override
    public Varargs next(LuaValue k) {
        Frozen f = node();
        int at = f.after(k);
        if (at < 0) throw new LuaError("invalid key to 'next'");
        if (at >= f.size()) return NIL;
        LuaValue nk = f.keyAt(at);
        return varargsOf(nk, lua(nk, f.valueAt(at)));
    }

    @Override
    public Varargs inext(LuaValue k) {
        int i = k.checkint() + 1;
        LuaValue v = rawget(i);
        return v.isnil() ? NONE : varargsOf(LuaInteger.valueOf(i), v);
    }

    @Override
    public int length() {
        return node().length();
    }

    @Override
    public int rawlen() {
        return node().length();
    }

    @Override
    public LuaValue len() {
        return LuaInteger.valueOf(node().length());
    }

    @Override
    public int keyCount() {
        return node().size();
    }

    @Override
    public LuaValue[] keys() {
        Frozen f = node();
        LuaValue[] out = new LuaValue[f.size()];
        for (int i = 0; i < out.length; i++) out[i] = f.keyAt(i);
        return out;
    }

    @Override
    public LuaValue concat(LuaString sep, int i, int j) {
        StringBuilder sb = new StringBuilder();
        for (int n = i; n <= j; n++) {
            LuaValue v = rawget(n);
            if (!v.isstring()) throw new LuaError("invalid value (at index " + n + ") in table for 'concat'");
            if (n > i) sb.append(sep.tojstring());
            sb.append(v.tojstring());
        }
        return LuaString.valueOf(sb.toString());
    }

    @Override
    public Varargs unpack(int i, int j) {
        if (j < i) return NONE;
        LuaValue[] out = new LuaValue[j - i + 1];
        for (int n = i; n <= j; n++) out[n - i] = rawget(n);
        return varargsOf(out);
    }

    @Override
    public Varargs unpack(int i) {
        return unpack(i, length());
    }

    @Override
    public Varargs unpack() {
        return unpack(1, length());
    }

    /** sharedata.deepcopy: an ordinary table with the data this view shows now. */
    public LuaTable copy() {
        return node().copy();
    }

    private static LuaError readOnly(LuaValue k) {
        return new LuaError("attempt to modify a read-only shared table (key " + k.tojstring() + ")");
    }

    @Override
    public void set(LuaValue k, LuaValue v) {
        throw readOnly(k);
    }

    @Override
    public void set(int i, LuaValue v) {
        throw readOnly(LuaInteger.valueOf(i));
    }

    @Override
    public void rawset(LuaValue k, LuaValue v) {
        throw readOnly(k);
    }

    @Override
    public void rawset(int i, LuaValue v) {
        throw readOnly(LuaInteger.valueOf(i));
    }

    @Override
    public void hashset(LuaValue k, LuaValue v) {
        throw readOnly(k);
    }

    @Override
    public void insert(int pos, LuaValue v) {
        throw new LuaError("attempt to modify a read-only shared table (table.insert)");
    }

    @Override
    public LuaValue remove(int pos) {
        throw new LuaError("attempt to modify a read-only shared table (table.remove)");
    }

    @Override
    public void sort(LuaValue comparator) {
        throw new LuaError("attempt to modify a read-only shared table (table.sort)");
    }

    @Override
    public LuaValue setmetatable(LuaValue mt) {
        throw new LuaError("cannot change the metatable of a read-only shared table");
    }
}
