package io.skyloom.lua;

import java.util.Arrays;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.TableCursor;
import org.luaj.vm2.Varargs;

/**
 * The payload of a "lua" protocol message inside one process (skynet.pack): the values
 * flattened into an immutable tape, so no table of the sender is shared, and every
 * {@link #unpack} builds fresh tables, as skynet's unpack deserializes afresh each time.
 * One pack may be sent to many services and unpacked by each; none sees another's
 * tables. Strings, numbers and booleans are LuaJ's immutable values and go on the
 * tape as they are; a table is a {@link TableMark} followed by the values of its keys 1, 2, 3, ... and then its other keys and values.
 * The tape costs about what copying the tables once did: a pack walks the sender's
 * tables once, in place ({@link TableCursor}), and an unpack fills exactly sized tables
 * with rawset.
 * Immutable, thread-safe.
 */
final class LuaPack {

    static final LuaPack EMPTY = new LuaPack(new Object[0], 0);

    /**
     * A table on the tape: what follows are the values of keys 1 to {@code run} (its array
     * part's first entries, in order, with no key on the tape), then {@code entries - run}
     * key/value pairs.
     */
    private record TableMark(int arrayPart, int hashPart, int entries, int run) {}

    private final Object[] tape;
    private final int count;       // values at the top level

    private LuaPack(Object[] tape, int count) {
        this.tape = tape;
        this.count = count;
    }

    /** Packs {@code args} from index {@code from}. */
    static LuaPack of(Varargs args, int from) {
        int n = args.narg() - from + 1;
        if (n <= 0) return EMPTY;
        // Most messages carry only strings, numbers and booleans: their tape is the values
        // themselves, with no walk (send_throughput: the walk's objects cost 20-25 %).
        LuaValue[] flat = new LuaValue[n];
        for (int i = 0; i < n; i++) {
            LuaValue v = args.arg(from + i);
            int t = v.type();
            if (t == LuaValue.TTABLE || t == LuaValue.TUSERDATA || t == LuaValue.TFUNCTION || t == LuaValue.TTHREAD) {
                flat = null;
                break;
            }
            flat[i] = v;
        }
        if (flat != null) return new LuaPack(flat, n);
        Writer w = new Writer();
        for (int i = from; i <= args.narg(); i++) w.value(args.arg(i), 0);
        return new LuaPack(w.tape(), n);
    }

    /** Fresh Lua values: new tables on every call. */
    Varargs unpack() {
        if (count == 0) return LuaValue.NONE;
        if (tape instanceof LuaValue[] flat) return count == 1 ? flat[0] : LuaValue.varargsOf(flat);   // no tables: nothing to build
        Reader r = new Reader(tape);
        if (count == 1) return r.value();
        LuaValue[] out = new LuaValue[count];
        for (int i = 0; i < count; i++) out[i] = r.value();
        return LuaValue.varargsOf(out);
    }

    /** The number of top-level values. */
    int count() {
        return count;
    }

    @Override
    public String toString() {
        return "packed message (" + count + (count == 1 ? " value)" : " values)");
    }

    private static final class Writer {
        private Object[] tape = new Object[16];
        private int size;
        private TableCursor[] cursors = new TableCursor[4];

        void add(Object o) {
            if (size == tape.length) tape = Arrays.copyOf(tape, size * 2);
            tape[size++] = o;
        }

        Object[] tape() {
            return Arrays.copyOf(tape, size);
        }

        void value(LuaValue v, int depth) {
            switch (v.type()) {
                case LuaValue.TTABLE -> table((LuaTable) v, depth);
                case LuaValue.TFUNCTION, LuaValue.TTHREAD ->
                        throw new LuaError("cannot pass a " + v.typename() + " to another service");
                case LuaValue.TUSERDATA -> {
                    Object o = v.touserdata();
                    if (!io.skyloom.foreign.ForeignValues.sharesByReference(o) && !(o instanceof LuaPack)
                            && !io.skyloom.lua.shared.SharedLib.crosses(o)
                            && !(o instanceof FunctionCode)   // skynet.service's code: compiled, immutable
                            && !io.skyloom.lua.codec.JsonNull.is(v))
                        throw new LuaError("cannot pass this userdata to another service");
                    // The receiver gets the Java object, never this state's userdata: its
                    // metatable is a table of the sender's Lua state. An array keeps its
                    // own, which every service shares and none can change.
                    add(v.getmetatable() == null || o instanceof io.skyloom.numsky.NDArray ? v : new org.luaj.vm2.LuaUserdata(o));
                }
                default -> add(v);
            }
        }

        private void table(LuaTable t, int depth) {
            if (depth >= LuaValues.MAX_DEPTH)
                throw new LuaError("table nested deeper than " + LuaValues.MAX_DEPTH + " levels (a cycle?)");
            int n = t.length();
            int at = size;
            add(null);                              // the mark, once the entries are counted
            int entries = 0, inArray = 0, run = 0;
            TableCursor c = cursor(depth);
            // A view (sharedata, ReadOnlyTable) is a LuaTable whose entries its own next gives.
            if (t.getClass() == LuaTable.class && c.reset(t)) {
                while (c.next()) {
                    entries++;
                    LuaValue k = c.key();
                    int i = k.isinttype() ? k.toint() : 0;   // 0: not a key of the array part
                    if (i >= 1 && i <= n) inArray++;
                    if (i == run + 1 && run == entries - 1) {
                        run++;   // 1, 2, 3, ... from the start: the value alone, its key is its place
                    } else {
                        value(k, depth + 1);
                    }
                    value(c.value(), depth + 1);
                }
            } else {                                // a view, or a weak table: LuaJ resolves its references
                LuaValue k = LuaValue.NIL;
                for (;;) {
                    Varargs e = t.next(k);
                    if ((k = e.arg1()).isnil()) break;
                    entries++;
                    if (k.isinttype() && k.toint() >= 1 && k.toint() <= n) inArray++;
                    value(k, depth + 1);
                    value(e.arg(2), depth + 1);
                }
            }
            tape[at] = new TableMark(n, entries - inArray, entries, run);
        }

        /** The cursor for tables at {@code depth}: one per level, since a walk recurses into values. */
        private TableCursor cursor(int depth) {
            if (depth >= cursors.length) cursors = Arrays.copyOf(cursors, Math.max(depth + 1, cursors.length * 2));
            TableCursor c = cursors[depth];
            if (c == null) c = cursors[depth] = new TableCursor();
            return c;
        }
    }

    private static final class Reader {
        private final Object[] tape;
        private int at;

        Reader(Object[] tape) {
            this.tape = tape;
        }

        LuaValue value() {
            Object o = tape[at++];
            if (!(o instanceof TableMark m)) return (LuaValue) o;
            LuaTable t = new LuaTable(m.arrayPart(), m.hashPart());
            for (int i = 1; i <= m.run(); i++) t.rawset(i, value());
            for (int i = m.run(); i < m.entries(); i++) {
                LuaValue key = value();
                LuaValue val = value();
                if (key.isinttype()) t.rawset(key.toint(), val);
                else t.rawset(key, val);
            }
            return t;
        }
    }

    // ---- across processes -----------------------------------------------------------

    /** The tape as bytes (skynet.pack's values, for another process). */
    byte[] toBytes() {
        PackBytes.Writer w = new PackBytes.Writer();
        w.count(count);
        int[] at = {0};
        for (int i = 0; i < count; i++) write(w, at);
        return w.bytes();
    }

    // One value from tape[at[0]] on, as bytes: every entry of a table as a key and a value.
    private void write(PackBytes.Writer w, int[] at) {
        Object o = tape[at[0]++];
        if (!(o instanceof TableMark m)) {
            w.value((LuaValue) o);
            return;
        }
        w.table(m.arrayPart(), m.hashPart(), m.entries());
        for (int i = 1; i <= m.run(); i++) {
            w.value(LuaValue.valueOf(i));
            write(w, at);
        }
        for (int i = m.run(); i < m.entries(); i++) {
            write(w, at);
            write(w, at);
        }
    }

    /** A pack from another process's bytes: untrusted, checked as it is read. */
    static LuaPack fromBytes(byte[] bytes) {
        PackBytes.Reader r = new PackBytes.Reader(bytes);
        int n = r.count();
        java.util.ArrayList<Object> tape = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) readValue(r, tape, 0, false);
        r.end();
        return new LuaPack(tape.toArray(), n);
    }

    private static void readValue(PackBytes.Reader r, java.util.List<Object> tape, int depth, boolean key) {
        if (depth > LuaValues.MAX_DEPTH) throw new IllegalArgumentException("tables nested deeper than " + LuaValues.MAX_DEPTH);
        int[] mark = r.tableMark();
        if (mark == null) {
            LuaValue v = r.value();
            if (key && (v.isnil() || (v.isnumber() && Double.isNaN(v.todouble()))))
                throw new IllegalArgumentException("a table key that is " + (v.isnil() ? "nil" : "NaN"));
            tape.add(v);
            return;
        }
        tape.add(new TableMark(mark[0], mark[1], mark[2], 0));
        for (int i = 0; i < mark[2]; i++) {
            readValue(r, tape, depth + 1, true);
            readValue(r, tape, depth + 1, false);
        }
    }

}
