package io.skyloom.lua.codec;

import java.io.ByteArrayOutputStream;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A Lua table to sproto's wire format, byte for byte as skynet's sproto writes it: an
 * integer or boolean below 0x7fff in the field record, other integers in 4 bytes when
 * they fit an int32 and 8 otherwise, an integer array in 4-byte items unless one needs
 * 8, fields in tag order with skip records for gaps, absent fields and arrays left out.
 * A value of the wrong type is a Lua error naming the type, field and index. One
 * encoder per call.
 */
final class SprotoEncoder {

    static final int MAX_DEPTH = 64;
    static final int MAX_SIZE = 0x1000000;

    byte[] encode(SprotoType st, LuaValue table) {
        return struct(st, table, 0);
    }

    private byte[] struct(SprotoType st, LuaValue tbl, int depth) {
        if (depth >= MAX_DEPTH) throw new LuaError("The table is too deep");
        Buf records = new Buf();
        Buf data = new Buf();
        int count = 0;
        int lastTag = -1;
        for (SprotoField f : st.fields) {
            LuaValue v = tbl.get(f.luaName);
            if (v.isnil()) continue;
            int inline = -1;
            if (f.array) {
                array(st, f, v, data, depth);
            } else {
                switch (f.kind) {
                    case SprotoField.INTEGER, SprotoField.BOOLEAN -> {
                        long x = f.kind == SprotoField.BOOLEAN ? bool(st, f, v, 0) : integer(st, f, v, 0);
                        if (x >= 0 && x < 0x7fff) inline = (int) x;
                        else if (x == (int) x) data.u32(4).u32((int) x);
                        else data.u32(8).i64(x);
                    }
                    case SprotoField.DOUBLE -> data.u32(8).i64(Double.doubleToRawLongBits(number(st, f, v, 0)));
                    case SprotoField.STRING -> data.bytes(string(st, f, v, 0));
                    default -> data.bytes(struct(f.sub, table(st, f, v, 0), depth + 1));
                }
            }
            int gap = f.tag - lastTag - 1;
            if (gap > 0) {
                int skip = (gap - 1) * 2 + 1;
                if (skip > 0xffff) throw new LuaError(st.name + "." + f.name + ": tag gap too large");
                records.u16(skip);
                count++;
            }
            records.u16(inline < 0 ? 0 : (inline + 1) * 2);
            count++;
            lastTag = f.tag;
            if (records.size() + data.size() > MAX_SIZE) throw tooLarge();
        }
        Buf out = new Buf();
        out.u16(count);
        records.writeTo(out);
        data.writeTo(out);
        if (out.size() > MAX_SIZE) throw tooLarge();
        return out.toByteArray();
    }

    private void array(SprotoType st, SprotoField f, LuaValue v, Buf data, int depth) {
        if (!v.istable())
            throw new LuaError(st.name + "." + f.name + " should be a table (Is a " + v.typename() + ")");
        LuaTable t = (LuaTable) v;
        Buf a = new Buf();
        if (f.key >= 0 && f.kind == SprotoField.STRUCT) {
            // *T(key) and *T(): every entry of the table, in its own order
            int index = 0;
            LuaValue k = LuaValue.NIL;
            for (;;) {
                Varargs e = t.next(k);
                if ((k = e.arg1()).isnil()) break;
                index++;
                LuaValue item = e.arg(2);
                if (f.map) {
                    LuaTable entry = new LuaTable();
                    entry.rawset(f.sub.fields[0].luaName, k);
                    entry.rawset(f.sub.fields[1].luaName, item);
                    item = entry;
                }
                a.bytes(struct(f.sub, table(st, f, item, index), depth + 1));
            }
        } else {
            switch (f.kind) {
                case SprotoField.INTEGER -> {
                    int n = length(t);
                    long[] xs = new long[n];
                    boolean wide = false;
                    for (int i = 0; i < n; i++) {
                        xs[i] = integer(st, f, t.get(i + 1), i + 1);
                        wide |= xs[i] != (int) xs[i];
                    }
                    if (n > 0) {
                        a.u8(wide ? 8 : 4);
                        for (long x : xs) if (wide) a.i64(x); else a.u32((int) x);
                    }
                }
                case SprotoField.DOUBLE -> {
                    int n = length(t);
                    if (n > 0) a.u8(8);
                    for (int i = 1; i <= n; i++) a.i64(Double.doubleToRawLongBits(number(st, f, t.get(i), i)));
                }
                case SprotoField.BOOLEAN -> {
                    int n = length(t);
                    for (int i = 1; i <= n; i++) a.u8((int) bool(st, f, t.get(i), i));
                }
                case SprotoField.STRING -> {
                    int n = length(t);
                    for (int i = 1; i <= n; i++) a.bytes(string(st, f, t.get(i), i));
                }
                default -> {
                    int n = length(t);
                    for (int i = 1; i <= n; i++) a.bytes(struct(f.sub, table(st, f, t.get(i), i), depth + 1));
                }
            }
        }
        if (a.size() > MAX_SIZE) throw tooLarge();
        data.u32(a.size());
        a.writeTo(data);
    }

    /** Items 1..n up to the first nil, as skynet's encoder reads an array. */
    private static int length(LuaTable t) {
        int n = 0;
        while (!t.get(n + 1).isnil()) {
            n++;
            if (n > MAX_SIZE) throw tooLarge();
        }
        return n;
    }

    private static long integer(SprotoType st, SprotoField f, LuaValue v, int index) {
        if (f.decimal != 0) {
            double d = number(st, f, v, index) * f.decimal;
            double r = Math.floor(Math.abs(d));
            if (Math.abs(d) - r >= 0.5) r += 1;   // C's round(): halves away from zero
            return (long) Math.copySign(r, d);
        }
        LuaValue n = v.tonumber();
        if (n.isnil()) throw wrongType(st, f, index, "an integer", v);
        double d = n.todouble();
        if (d != Math.rint(d) || d < -9.223372036854775808e18 || d >= 9.223372036854775808e18)
            throw wrongType(st, f, index, "an integer", v);
        return (long) d;
    }

    private static double number(SprotoType st, SprotoField f, LuaValue v, int index) {
        LuaValue n = v.tonumber();
        if (n.isnil()) throw wrongType(st, f, index, "a number", v);
        return n.todouble();
    }

    private static long bool(SprotoType st, SprotoField f, LuaValue v, int index) {
        if (!v.isboolean()) throw wrongType(st, f, index, "a boolean", v);
        return v.toboolean() ? 1 : 0;
    }

    private static LuaString string(SprotoType st, SprotoField f, LuaValue v, int index) {
        if (v.type() != LuaValue.TSTRING) throw wrongType(st, f, index, "a string", v);
        return v.checkstring();
    }

    private static LuaValue table(SprotoType st, SprotoField f, LuaValue v, int index) {
        if (!v.istable()) throw wrongType(st, f, index, "a table", v);
        return v;
    }

    private static LuaError wrongType(SprotoType st, SprotoField f, int index, String want, LuaValue got) {
        return new LuaError(st.name + "." + f.name + "[" + index + "] is not " + want + " (Is a " + got.typename() + ")");
    }

    private static LuaError tooLarge() {
        return new LuaError("object is too large (>" + MAX_SIZE + ")");
    }

    /** A little-endian byte buffer. */
    private static final class Buf extends ByteArrayOutputStream {
        Buf u8(int v) {
            write(v);
            return this;
        }

        Buf u16(int v) {
            write(v);
            write(v >>> 8);
            return this;
        }

        Buf u32(int v) {
            for (int i = 0; i < 32; i += 8) write(v >>> i);
            return this;
        }

        Buf i64(long v) {
            for (int i = 0; i < 64; i += 8) write((int) (v >>> i));
            return this;
        }

        void bytes(byte[] b) {
            u32(b.length);
            write(b, 0, b.length);
        }

        void bytes(LuaString s) {
            u32(s.m_length);
            write(s.m_bytes, s.m_offset, s.m_length);
        }

        void writeTo(Buf other) {
            other.write(buf, 0, count);
        }
    }
}
