package io.skyloom.lua.codec;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.luaj.vm2.LuaError;

/**
 * skynet's {@code crypt.desencode}/{@code desdecode}: single DES in ECB mode (the JDK's
 * cipher) with skynet's padding. Padding always adds 1-8 bytes, so a text of a whole
 * number of blocks gains a full block, as in skynet. Stateless.
 */
final class SkynetDes {

    static final int ISO7816_4 = 0;
    static final int PKCS7 = 1;

    private SkynetDes() {}

    static byte[] encode(byte[] key, byte[] text, int mode) {
        checkMode(mode);
        int whole = text.length & ~7;
        byte[] buf = Arrays.copyOf(text, whole + 8);
        int pad = buf.length - text.length;
        if (mode == ISO7816_4) {
            buf[text.length] = (byte) 0x80;   // the rest is already 0
        } else {
            Arrays.fill(buf, text.length, buf.length, (byte) pad);
        }
        return run(Cipher.ENCRYPT_MODE, key, buf);
    }

    static byte[] decode(byte[] key, byte[] text, int mode) {
        checkKey(key);
        if ((text.length & 7) != 0 || text.length == 0)
            throw new LuaError("Invalid des crypt text length " + text.length);
        checkMode(mode);
        byte[] plain = run(Cipher.DECRYPT_MODE, key, text);
        int pad = mode == ISO7816_4 ? isoPadding(plain) : pkcs7Padding(plain);
        if (pad <= 0 || pad > 8) throw new LuaError("Invalid des crypt text");
        return Arrays.copyOf(plain, plain.length - pad);
    }

    /** Zeros then 0x80, scanning back at most 8 bytes; 0 when invalid. */
    private static int isoPadding(byte[] p) {
        int pad = 1;
        for (int i = p.length - 1; i >= p.length - 8; i--) {
            if (p[i] == 0) pad++;
            else if (p[i] == (byte) 0x80) return pad;
            else break;
        }
        return 0;
    }

    /** n copies of n; 0 when invalid. */
    private static int pkcs7Padding(byte[] p) {
        int pad = p[p.length - 1] & 0xff;
        if (pad > p.length) return 0;
        for (int i = 1; i < pad; i++)
            if ((p[p.length - 1 - i] & 0xff) != pad) return 0;
        return pad;
    }

    private static void checkMode(int mode) {
        if (mode != ISO7816_4 && mode != PKCS7) throw new LuaError("Invalid padding mode " + mode);
    }

    private static void checkKey(byte[] key) {
        if (key.length != 8) throw new LuaError("Invalid key size " + key.length + ", need 8 bytes");
    }

    private static byte[] run(int op, byte[] key, byte[] blocks) {
        checkKey(key);
        try {
            Cipher c = Cipher.getInstance("DES/ECB/NoPadding");
            c.init(op, new SecretKeySpec(key, "DES"));
            return c.doFinal(blocks);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DES is not available in this JVM", e);
        }
    }
}
