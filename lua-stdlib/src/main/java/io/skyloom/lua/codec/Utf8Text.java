package io.skyloom.lua.codec;

import java.io.ByteArrayOutputStream;

/**
 * Between Lua strings (bytes, not always UTF-8) and the UTF-16 text Jackson parses.
 * Invalid UTF-8 travels as "escaped bytes": each byte that is not part of a valid
 * sequence becomes the lone surrogate U+DC00+byte (Python's surrogateescape) and turns
 * back into that byte, so any Lua string survives a JSON round trip. A lone surrogate
 * from a JSON escape ("\ud800") becomes its 3-byte generalised UTF-8 form, as cjson
 * and older RapidJSON write it. Stateless.
 */
final class Utf8Text {

    private Utf8Text() {}

    /** UTF-8 of {@code len} chars; with {@code escapedBytes}, U+DC80..U+DCFF alone are raw bytes. */
    static byte[] encode(char[] c, int off, int len, boolean escapedBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 8);
        int end = off + len;
        for (int i = off; i < end; i++) {
            int ch = c[i];
            if (ch < 0x80) {
                out.write(ch);
            } else if (ch < 0x800) {
                out.write(0xC0 | ch >> 6);
                out.write(0x80 | ch & 0x3F);
            } else if (Character.isHighSurrogate((char) ch) && i + 1 < end && Character.isLowSurrogate(c[i + 1])) {
                int cp = Character.toCodePoint((char) ch, c[++i]);
                out.write(0xF0 | cp >> 18);
                out.write(0x80 | cp >> 12 & 0x3F);
                out.write(0x80 | cp >> 6 & 0x3F);
                out.write(0x80 | cp & 0x3F);
            } else if (escapedBytes && ch >= 0xDC80 && ch <= 0xDCFF) {
                out.write(ch & 0xFF);
            } else {
                out.write(0xE0 | ch >> 12);
                out.write(0x80 | ch >> 6 & 0x3F);
                out.write(0x80 | ch & 0x3F);
            }
        }
        return out.toByteArray();
    }

    /** The text of {@code b}: valid UTF-8 decoded, every other byte as U+DC00+byte. */
    static String decodeEscapingBytes(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length);
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            int need = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
            int cp = need == 0 ? c : need == 1 ? c & 0x1F : need == 2 ? c & 0x0F : c & 0x07;
            boolean ok = need >= 0 && i + need < b.length;
            for (int j = 1; ok && j <= need; j++) {
                int cc = b[i + j] & 0xFF;
                ok = (cc & 0xC0) == 0x80;
                cp = cp << 6 | cc & 0x3F;
            }
            // no overlong forms, no encoded surrogates, nothing past U+10FFFF
            ok = ok && (need != 2 || (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)))
                    && (need != 3 || (cp >= 0x10000 && cp <= 0x10FFFF));
            if (ok) {
                sb.appendCodePoint(cp);
                i += need + 1;
            } else {
                sb.append((char) (0xDC00 | c));
                i++;
            }
        }
        return sb.toString();
    }
}
