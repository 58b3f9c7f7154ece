package io.skyloom.lua.codec;

import org.luaj.vm2.LuaError;

/**
 * The struct layout shared by messages and schema bundles: a 16-bit field count, one
 * 16-bit record per field (0: the value is in the data part; even n: the value n/2-1;
 * odd n: skip (n+1)/2 tags), then the data part, each item a 32-bit length and its
 * bytes; all little-endian. Reading checks every length against the input, so hostile
 * bytes give a "decode error", never an out-of-bounds read. Stateless.
 */
final class SprotoWire {

    /** What a reader does with each field it meets. */
    interface Visitor {
        /** {@code value} >= 0: the inline value; -1: the data at {@code off}, {@code len} bytes. */
        void field(int tag, int value, byte[] b, int off, int len);
    }

    private SprotoWire() {}

    /** Reads the struct at {@code off} (at most {@code len} bytes); returns the bytes it spans. */
    static int read(byte[] b, int off, int len, Visitor v) {
        if (len < 2) throw error("truncated header");
        int fn = u16(b, off);
        int records = off + 2;
        int data = records + 2 * fn;
        int end = off + len;
        if (data > end) throw error("truncated field records");
        int tag = -1;
        for (int i = 0; i < fn; i++) {
            int value = u16(b, records + 2 * i);
            tag++;
            if ((value & 1) != 0) {
                tag += value / 2;
                continue;
            }
            value = value / 2 - 1;
            if (value < 0) {
                if (end - data < 4) throw error("truncated data length");
                long sz = u32(b, data);
                if (sz > end - data - 4) throw error("data longer than the message");
                v.field(tag, -1, b, data + 4, (int) sz);
                data += 4 + (int) sz;
            } else {
                v.field(tag, value, b, 0, 0);
            }
        }
        return data - off;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    static long u32(byte[] b, int off) {
        return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16 | (b[off + 3] & 0xffL) << 24;
    }

    static long i64(byte[] b, int off) {
        return u32(b, off) | u32(b, off + 4) << 32;
    }

    static LuaError error(String why) {
        return new LuaError("decode error: " + why);
    }
}
