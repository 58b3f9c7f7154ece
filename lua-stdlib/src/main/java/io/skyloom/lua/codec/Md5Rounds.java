package io.skyloom.lua.codec;

/**
 * The 64 rounds of MD5 over one 16-word block, without padding and without adding the
 * initial state at the end: the primitive under skynet's {@code hmac64}, which no JDK
 * API exposes. {@code hmac64_md5}, which skynet defines as MD5 of one padded block, is
 * computed here too so that a test can check these rounds against the JDK's MD5.
 * Stateless.
 */
final class Md5Rounds {

    private static final int[] K = new int[64];
    private static final int[] R = {
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
    static final int A0 = 0x67452301, B0 = 0xefcdab89, C0 = 0x98badcfe, D0 = 0x10325476;

    static {
        // RFC 1321: K[i] = floor(|sin(i + 1)| * 2^32).
        for (int i = 0; i < 64; i++) K[i] = (int) (long) StrictMath.floor(StrictMath.abs(StrictMath.sin(i + 1)) * 4294967296.0);
    }

    private Md5Rounds() {}

    /** {a, b, c, d} after the 64 rounds over {@code w}. */
    static int[] rounds(int[] w) {
        int a = A0, b = B0, c = C0, d = D0;
        for (int i = 0; i < 64; i++) {
            int f, g;
            if (i < 16) {
                f = (b & c) | (~b & d);
                g = i;
            } else if (i < 32) {
                f = (d & b) | (~d & c);
                g = (5 * i + 1) % 16;
            } else if (i < 48) {
                f = b ^ c ^ d;
                g = (3 * i + 5) % 16;
            } else {
                f = c ^ (b | ~d);
                g = (7 * i) % 16;
            }
            int t = d;
            d = c;
            c = b;
            b = b + Integer.rotateLeft(a + f + K[i] + w[g], R[i]);
            a = t;
        }
        return new int[] {a, b, c, d};
    }

    /** skynet's hmac64: x and y as little-endian word pairs, the result is (c^d, a^b). */
    static byte[] hmac64(byte[] x, byte[] y) {
        int x0 = le32(x, 0), x1 = le32(x, 4), y0 = le32(y, 0), y1 = le32(y, 4);
        int[] w = new int[16];
        for (int i = 0; i < 16; i += 4) {
            w[i] = x1;
            w[i + 1] = x0;
            w[i + 2] = y1;
            w[i + 3] = y0;
        }
        int[] r = rounds(w);
        return qword(r[2] ^ r[3], r[0] ^ r[1]);
    }

    /** skynet's hmac64_md5: MD5 of (x..y) three times, its two halves xored. */
    static byte[] hmac64Md5(byte[] x, byte[] y) {
        int[] w = new int[16];
        for (int i = 0; i < 12; i += 4) {
            w[i] = le32(x, 0);
            w[i + 1] = le32(x, 4);
            w[i + 2] = le32(y, 0);
            w[i + 3] = le32(y, 4);
        }
        w[12] = 0x80;
        w[14] = 384;   // 48 bytes, in bits
        int[] r = rounds(w);
        return qword((r[0] + A0) ^ (r[2] + C0), (r[1] + B0) ^ (r[3] + D0));
    }

    static int le32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    static byte[] qword(int lo, int hi) {
        byte[] out = new byte[8];
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) (lo >>> (8 * i));
            out[4 + i] = (byte) (hi >>> (8 * i));
        }
        return out;
    }
}
