package io.skyloom.lua;

import io.skyloom.numsky.NDArray;
import io.skyloom.numsky.Npy;
import java.io.ByteArrayOutputStream;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;

/**
 * The byte form of a packed message, for another process: a value count, then the
 * values as tagged items (nil, false, true, a 32-bit integer, a double, a string, a
 * table's sizes followed by its key/value items, an NDArray as .npy bytes,
 * rapidjson.null). Reading takes untrusted bytes: every length is checked against what
 * is left before anything is allocated.
 */
final class PackBytes {

    static final int NIL = 0, FALSE = 1, TRUE = 2, INT = 3, DOUBLE = 4, STRING = 5, TABLE = 6, ARRAY = 7, JSON_NULL = 8;

    private PackBytes() {}

    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

        void count(int n) {
            varint(n);
        }

        void table(int arrayPart, int hashPart, int entries) {
            out.write(TABLE);
            varint(arrayPart);
            varint(hashPart);
            varint(entries);
        }

        void value(LuaValue v) {
            switch (v.type()) {
                case LuaValue.TNIL -> out.write(NIL);
                case LuaValue.TBOOLEAN -> out.write(v.toboolean() ? TRUE : FALSE);
                case LuaValue.TNUMBER -> {
                    if (v instanceof LuaInteger) {
                        out.write(INT);
                        fixed(v.toint(), 4);
                    } else {
                        out.write(DOUBLE);
                        fixed(Double.doubleToRawLongBits(v.todouble()), 8);
                    }
                }
                case LuaValue.TSTRING -> {
                    LuaString s = v.checkstring();
                    out.write(STRING);
                    varint(s.m_length);
                    out.write(s.m_bytes, s.m_offset, s.m_length);
                }
                case LuaValue.TUSERDATA -> {
                    if (io.skyloom.lua.codec.JsonNull.is(v)) {
                        out.write(JSON_NULL);
                    } else if (v instanceof LuaUserdata u && u.m_instance instanceof NDArray a) {
                        byte[] npy = Npy.toBytes(a);
                        out.write(ARRAY);
                        varint(npy.length);
                        out.write(npy, 0, npy.length);
                    } else {
                        throw new org.luaj.vm2.LuaError("cannot send this userdata to another process");
                    }
                }
                default -> throw new org.luaj.vm2.LuaError("cannot send a " + v.typename() + " to another process");
            }
        }

        private void varint(int n) {
            while ((n & ~0x7F) != 0) {
                out.write((n & 0x7F) | 0x80);
                n >>>= 7;
            }
            out.write(n);
        }

        private void fixed(long v, int bytes) {
            for (int i = 0; i < bytes; i++) out.write((int) (v >>> (8 * i)) & 0xFF);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    static final class Reader {
        private final byte[] in;
        private int at;

        Reader(byte[] in) {
            this.in = in;
        }

        int count() {
            int n = varint();
            if (n > in.length - at) throw new IllegalArgumentException(n + " values but " + (in.length - at) + " bytes");
            return n;
        }

        /** The sizes of a table if a table comes next (consumed), else null. */
        int[] tableMark() {
            need(1);
            if (in[at] != TABLE) return null;
            at++;
            int array = varint(), hash = varint(), entries = varint();
            // Each entry is a key and a value of at least one byte each.
            if ((long) entries * 2 > in.length - at) throw new IllegalArgumentException("a table of " + entries + " entries in "
                    + (in.length - at) + " bytes");
            if (array > entries || hash > entries)
                throw new IllegalArgumentException("a table whose parts (" + array + ", " + hash + ") exceed its " + entries + " entries");
            return new int[] {array, hash, entries};
        }

        LuaValue value() {
            need(1);
            int tag = in[at++];
            switch (tag) {
                case NIL: return LuaValue.NIL;
                case FALSE: return LuaValue.FALSE;
                case TRUE: return LuaValue.TRUE;
                case INT: return LuaValue.valueOf((int) fixed(4));
                case DOUBLE: return LuaValue.valueOf(Double.longBitsToDouble(fixed(8)));
                case STRING: {
                    int n = length();
                    LuaString s = LuaString.valueOf(java.util.Arrays.copyOfRange(in, at, at + n));
                    at += n;
                    return s;
                }
                case ARRAY: {
                    int n = length();
                    NDArray a = Npy.fromBytes(java.util.Arrays.copyOfRange(in, at, at + n));
                    at += n;
                    return io.skyloom.numsky.lua.NumskyLib.INSTANCE.wrap(a);
                }
                case JSON_NULL: return io.skyloom.lua.codec.JsonNull.VALUE;
                default: throw new IllegalArgumentException("unknown value tag " + tag);
            }
        }

        void end() {
            if (at != in.length) throw new IllegalArgumentException((in.length - at) + " stray bytes after the values");
        }

        private int length() {
            int n = varint();
            if (n > in.length - at) throw new IllegalArgumentException("a length of " + n + " with " + (in.length - at) + " bytes left");
            return n;
        }

        private void need(int n) {
            if (in.length - at < n) throw new IllegalArgumentException("the bytes end inside a value");
        }

        private long fixed(int bytes) {
            need(bytes);
            long v = 0;
            for (int i = 0; i < bytes; i++) v |= (long) (in[at++] & 0xFF) << (8 * i);
            return v;
        }

        private int varint() {
            int v = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                need(1);
                int b = in[at++] & 0xFF;
                v |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    if (v < 0) throw new IllegalArgumentException("a negative count");
                    return v;
                }
            }
            throw new IllegalArgumentException("a count longer than five bytes");
        }
    }
}
