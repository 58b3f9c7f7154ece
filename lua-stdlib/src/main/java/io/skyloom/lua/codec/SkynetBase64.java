package io.skyloom.lua.codec;

import java.util.Arrays;
import java.util.Base64;
import org.luaj.vm2.LuaError;

/**
 * skynet's base64: the standard alphabet with '=' padding to encode (the JDK's encoder);
 * its decoder is more lenient than the JDK's, so it is written out: characters outside
 * the alphabet are skipped, missing '=' at the end is allowed, and groups after a
 * padded one are still decoded. Stateless.
 */
final class SkynetBase64 {

    private static final int SKIP = -1, PAD = -2;
    private static final int[] INDEX = new int[256];

    static {
        Arrays.fill(INDEX, SKIP);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < 64; i++) INDEX[alphabet.charAt(i)] = i;
        INDEX['='] = PAD;
    }

    private SkynetBase64() {}

    static byte[] encode(byte[] text) {
        return Base64.getEncoder().encode(text);
    }

    static byte[] decode(byte[] text) {
        byte[] out = new byte[(text.length + 3) / 4 * 3];
        int n = 0;
        int i = 0;
        int[] c = new int[4];
        while (i < text.length) {
            int padding = 0;
            for (int j = 0; j < 4; ) {
                c[j] = i >= text.length ? PAD : INDEX[text[i] & 0xff];
                i++;
                if (c[j] == SKIP) continue;
                if (c[j] == PAD) padding++;
                j++;
            }
            switch (padding) {
                case 0 -> {
                    int v = c[0] << 18 | c[1] << 12 | c[2] << 6 | c[3];
                    out[n++] = (byte) (v >> 16);
                    out[n++] = (byte) (v >> 8);
                    out[n++] = (byte) v;
                }
                case 1 -> {
                    if (c[3] != PAD || (c[2] & 3) != 0) throw invalid();
                    int v = c[0] << 10 | c[1] << 4 | c[2] >> 2;
                    out[n++] = (byte) (v >> 8);
                    out[n++] = (byte) v;
                }
                case 2 -> {
                    if (c[3] != PAD || c[2] != PAD || (c[1] & 0xf) != 0) throw invalid();
                    out[n++] = (byte) (c[0] << 2 | c[1] >> 4);
                }
                default -> throw invalid();
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static LuaError invalid() {
        return new LuaError("Invalid base64 text");
    }
}
