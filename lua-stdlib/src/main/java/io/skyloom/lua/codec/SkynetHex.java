package io.skyloom.lua.codec;

import java.util.HexFormat;
import org.luaj.vm2.LuaError;

/**
 * skynet's hexencode (lower case) and hexdecode. skynet reads a non-digit c as
 * {@code c - 'a' + 10} and refuses only values above 16, so it accepts exactly the
 * characters 'W' to 'g' besides the digits ('W'-'Z' read as 0-3, 'g' as 16) and
 * refuses upper-case 'A'-'F'; this decoder does the same, for the same outputs.
 * Stateless.
 */
final class SkynetHex {

    private static final HexFormat LOWER = HexFormat.of();

    private SkynetHex() {}

    static byte[] encode(byte[] b) {
        return LOWER.formatHex(b).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static byte[] decode(byte[] text) {
        if ((text.length & 1) != 0) throw new LuaError("Invalid hex text size " + text.length);
        byte[] out = new byte[text.length / 2];
        for (int i = 0; i < text.length; i += 2) {
            int hi = nibble(text[i]), lo = nibble(text[i + 1]);
            if (hi > 16 || lo > 16) throw new LuaError("Invalid hex text");
            out[i / 2] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    private static int nibble(byte c) {
        return c >= '0' && c <= '9' ? c - '0' : (c - 'a' + 10) & 0xff;
    }
}
