package io.skyloom.lua.codec;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * sproto's wire format to Lua tables, as skynet's decoder builds them: unknown tags
 * skipped, fixed-point integers divided back, {@code *T(key)} arrays keyed by their
 * main index and {@code *T()} maps as key/value. Every length is checked
 * ({@link SprotoWire}) and nesting is bounded, so hostile bytes give a Lua error.
 * Stateless.
 */
final class SprotoDecoder {

    private SprotoDecoder() {}

    /** Decodes into {@code into}; returns the bytes the message spans. */
    static int decode(SprotoType st, byte[] b, int off, int len, LuaTable into) {
        return struct(st, b, off, len, into, 0);
    }

    private static int struct(SprotoType st, byte[] b, int off, int len, LuaTable into, int depth) {
        if (depth >= SprotoEncoder.MAX_DEPTH) throw new LuaError("The table is too deep");
        return SprotoWire.read(b, off, len, (tag, value, buf, doff, dlen) -> {
            SprotoField f = st.byTag(tag);
            if (f == null) return;
            LuaValue v;
            if (value >= 0) {
                if (f.array || (f.kind != SprotoField.INTEGER && f.kind != SprotoField.BOOLEAN))
                    throw SprotoWire.error(st.name + "." + f.name + " cannot be an inline value");
                v = f.kind == SprotoField.BOOLEAN ? LuaValue.valueOf(value != 0) : integer(f, value);
            } else if (f.array) {
                v = array(st, f, buf, doff, dlen, depth);
            } else {
                v = single(st, f, buf, doff, dlen, depth);
            }
            into.set(f.luaName, v);
        });
    }

    private static LuaValue single(SprotoType st, SprotoField f, byte[] b, int off, int len, int depth) {
        switch (f.kind) {
            case SprotoField.INTEGER, SprotoField.DOUBLE: {
                long x;
                if (len == 4) x = (int) SprotoWire.u32(b, off);
                else if (len == 8) x = SprotoWire.i64(b, off);
                else throw SprotoWire.error(st.name + "." + f.name + " is " + len + " bytes, not 4 or 8");
                return f.kind == SprotoField.DOUBLE ? LuaValue.valueOf(Double.longBitsToDouble(x)) : integer(f, x);
            }
            case SprotoField.STRING:
                return LuaString.valueOf(b, off, len);
            case SprotoField.STRUCT:
                return structExactly(f, b, off, len, depth);
            default:
                throw SprotoWire.error(st.name + "." + f.name + " cannot be in the data part");
        }
    }

    private static LuaTable structExactly(SprotoField f, byte[] b, int off, int len, int depth) {
        LuaTable t = new LuaTable();
        if (struct(f.sub, b, off, len, t, depth + 1) != len) throw SprotoWire.error(f.sub.name + " does not fill its data");
        return t;
    }

    private static LuaValue array(SprotoType st, SprotoField f, byte[] b, int off, int len, int depth) {
        LuaTable t = new LuaTable();
        if (len == 0) return t;
        switch (f.kind) {
            case SprotoField.INTEGER, SprotoField.DOUBLE -> {
                int w = b[off] & 0xff;
                int n = len - 1;
                if (n == 0) return t;
                if ((w != 4 && w != 8) || n % w != 0) throw SprotoWire.error(st.name + "." + f.name + ": bad number array");
                for (int i = 0; i < n / w; i++) {
                    int at = off + 1 + i * w;
                    long x = w == 4 ? (int) SprotoWire.u32(b, at) : SprotoWire.i64(b, at);
                    t.rawset(i + 1, f.kind == SprotoField.DOUBLE ? LuaValue.valueOf(Double.longBitsToDouble(x)) : integer(f, x));
                }
            }
            case SprotoField.BOOLEAN -> {
                for (int i = 0; i < len; i++) t.rawset(i + 1, LuaValue.valueOf(b[off + i] != 0));
            }
            default -> {
                int end = off + len, index = 0;
                while (off < end) {
                    if (end - off < 4) throw SprotoWire.error(st.name + "." + f.name + ": truncated item");
                    long sz = SprotoWire.u32(b, off);
                    if (sz > end - off - 4) throw SprotoWire.error(st.name + "." + f.name + ": item longer than the array");
                    int at = off + 4;
                    off = at + (int) sz;
                    if (f.kind == SprotoField.STRING) {
                        t.rawset(++index, LuaString.valueOf(b, at, (int) sz));
                        continue;
                    }
                    LuaTable item = structExactly(f, b, at, (int) sz, depth);
                    if (f.map) {
                        LuaValue k = item.rawget(f.sub.fields[0].luaName), v = item.rawget(f.sub.fields[1].luaName);
                        if (k.isnil()) throw new LuaError("Can't find key field in [" + f.name + "]");
                        if (v.isnil()) throw new LuaError("Can't find value field in [" + f.name + "]");
                        t.rawset(k, v);
                    } else if (f.key >= 0) {
                        SprotoField kf = f.sub.byTag(f.key);
                        LuaValue k = kf == null ? LuaValue.NIL : item.rawget(kf.luaName);
                        if (k.isnil()) throw new LuaError("Can't find main index (tag=" + f.key + ") in [" + f.name + "]");
                        t.rawset(k, item);
                    } else {
                        t.rawset(++index, item);
                    }
                }
            }
        }
        return t;
    }

    private static LuaValue integer(SprotoField f, long x) {
        return f.decimal != 0 ? LuaValue.valueOf((double) x / f.decimal) : LuaValue.valueOf((double) x);
    }
}
