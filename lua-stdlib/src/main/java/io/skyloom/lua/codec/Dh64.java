package io.skyloom.lua.codec;

import java.math.BigInteger;

/**
 * skynet's 64-bit Diffie-Hellman: generator 5 modulo the largest 64-bit prime
 * 2^64 - 59, keys as 8 little-endian bytes. Stateless.
 */
final class Dh64 {

    static final BigInteger P = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.valueOf(59));
    private static final BigInteger G = BigInteger.valueOf(5);

    private Dh64() {}

    static byte[] exchange(long secret) {
        return le(powmod(G, secret));
    }

    static byte[] secret(long other, long mine) {
        return le(powmod(unsigned(other), mine));
    }

    /** a^b mod P as skynet computes it: a is reduced only when above P, and b == 1 returns a. */
    private static BigInteger powmod(BigInteger a, long b) {
        if (a.compareTo(P) > 0) a = a.mod(P);
        if (b == 1) return a;
        return a.modPow(unsigned(b), P);
    }

    static long le64(byte[] b) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = v << 8 | (b[i] & 0xff);
        return v;
    }

    private static BigInteger unsigned(long v) {
        BigInteger b = BigInteger.valueOf(v & Long.MAX_VALUE);
        return v < 0 ? b.setBit(63) : b;
    }

    private static byte[] le(BigInteger v) {
        long x = v.longValue();   // the low 64 bits; v < 2^64
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) out[i] = (byte) (x >>> (8 * i));
        return out;
    }
}
