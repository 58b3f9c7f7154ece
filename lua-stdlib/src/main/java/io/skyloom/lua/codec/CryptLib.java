package io.skyloom.lua.codec;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * {@code require "skynet.crypt"}: skynet's crypt module with its exact outputs, so that
 * skynet's login handshake interoperates. Each require gets a fresh table. Stateless
 * apart from the JVM-wide random source, which is thread-safe.
 */
final class CryptLib extends TwoArgFunction {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable m = new LuaTable();
        LuaFn.put(m, "hashkey", a -> LuaBytes.of(hashkey(LuaBytes.arg(a, 1))));
        LuaFn.put(m, "randomkey", a -> LuaBytes.of(randomkey()));
        LuaFn.put(m, "desencode", a -> LuaBytes.of(SkynetDes.encode(LuaBytes.arg(a, 1), LuaBytes.arg(a, 2), a.optint(3, 0))));
        LuaFn.put(m, "desdecode", a -> LuaBytes.of(SkynetDes.decode(LuaBytes.arg(a, 1), LuaBytes.arg(a, 2), a.optint(3, 0))));
        LuaFn.put(m, "hexencode", a -> LuaBytes.of(SkynetHex.encode(LuaBytes.arg(a, 1))));
        LuaFn.put(m, "hexdecode", a -> LuaBytes.of(SkynetHex.decode(LuaBytes.arg(a, 1))));
        LuaFn.put(m, "hmac64", a -> LuaBytes.of(Md5Rounds.hmac64(qword(a, 1, "x"), qword(a, 2, "y"))));
        LuaFn.put(m, "hmac64_md5", a -> LuaBytes.of(Md5Rounds.hmac64Md5(qword(a, 1, "x"), qword(a, 2, "y"))));
        LuaFn.put(m, "hmac_hash", a -> hmacHash(a));
        LuaFn.put(m, "dhexchange", a -> LuaBytes.of(Dh64.exchange(nonZero(a, 1, "dh uint64 key"))));
        LuaFn.put(m, "dhsecret", a -> dhsecret(a));
        LuaFn.put(m, "base64encode", a -> LuaBytes.of(SkynetBase64.encode(LuaBytes.arg(a, 1))));
        LuaFn.put(m, "base64decode", a -> LuaBytes.of(SkynetBase64.decode(LuaBytes.arg(a, 1))));
        LuaFn.put(m, "sha1", a -> LuaBytes.of(digest("SHA-1", LuaBytes.arg(a, 1))));
        LuaFn.put(m, "hmac_sha1", a -> LuaBytes.of(hmac("HmacSHA1", LuaBytes.arg(a, 1), LuaBytes.arg(a, 2))));
        LuaFn.put(m, "xor_str", a -> LuaBytes.of(xor(LuaBytes.arg(a, 1), LuaBytes.arg(a, 2))));
        LuaTable padding = new LuaTable();
        padding.rawset("iso7816_4", valueOf(SkynetDes.ISO7816_4));
        padding.rawset("pkcs7", valueOf(SkynetDes.PKCS7));
        m.rawset("padding", padding);
        return m;
    }

    /** skynet's Hash: a DJB hash and a JS hash of the text, each 4 little-endian bytes. */
    static byte[] hashkey(byte[] text) {
        int djb = 5381, js = 1315423911;
        for (byte b : text) {
            int c = b & 0xff;
            djb += (djb << 5) + c;
            js ^= (js << 5) + c + (js >>> 2);
        }
        return Md5Rounds.qword(djb, js);
    }

    private static byte[] randomkey() {
        byte[] k = new byte[8];
        RANDOM.nextBytes(k);
        byte x = 0;
        for (byte b : k) x ^= b;
        if (x == 0) k[0] |= 1;   // as skynet: never all bytes xor to 0
        return k;
    }

    private static Varargs hmacHash(Varargs a) {
        byte[] key = LuaBytes.arg(a, 1);
        if (key.length != 8) throw new LuaError("Invalid uint64 key");
        return LuaBytes.of(Md5Rounds.hmac64(hashkey(LuaBytes.arg(a, 2)), key));
    }

    private static Varargs dhsecret(Varargs a) {
        byte[] x = qword(a, 1, "x"), y = qword(a, 2, "y");
        long xx = Dh64.le64(x), yy = Dh64.le64(y);
        if (xx == 0 || yy == 0) throw new LuaError("Can't be 0");
        return LuaBytes.of(Dh64.secret(xx, yy));
    }

    private static byte[] qword(Varargs a, int i, String what) {
        byte[] b = LuaBytes.arg(a, i);
        if (b.length != 8) throw new LuaError("Invalid uint64 " + what);
        return b;
    }

    private static long nonZero(Varargs a, int i, String what) {
        byte[] b = LuaBytes.arg(a, i);
        if (b.length != 8) throw new LuaError("Invalid " + what);
        long v = Dh64.le64(b);
        if (v == 0) throw new LuaError("Can't be 0");
        return v;
    }

    private static byte[] xor(byte[] s1, byte[] s2) {
        if (s2.length == 0) throw new LuaError("Can't xor empty string");
        byte[] out = new byte[s1.length];
        for (int i = 0; i < s1.length; i++) out[i] = (byte) (s1[i] ^ s2[i % s2.length]);
        return out;
    }

    static byte[] digest(String algorithm, byte[] text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available in this JVM", e);
        }
    }

    /** HMAC; an empty key is the same as one zero byte (both pad to a block of zeros), which the JDK accepts. */
    static byte[] hmac(String algorithm, byte[] key, byte[] text) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            return mac.doFinal(text);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available in this JVM", e);
        }
    }
}
