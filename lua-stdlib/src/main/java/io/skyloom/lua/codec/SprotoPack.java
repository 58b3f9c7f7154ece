package io.skyloom.lua.codec;

import java.io.ByteArrayOutputStream;
import org.luaj.vm2.LuaError;

/**
 * sproto's 0-packing, byte for byte as skynet's: the input is taken in 8-byte words
 * (the last padded with zeros); a word becomes a bit mask of its non-zero bytes and
 * those bytes, except that a run of words with no zero byte (and, once a run has
 * begun, words with at most two zeros) is copied whole after 0xff and a count of
 * words less one, up to 256 words. Stateless.
 */
final class SprotoPack {

    private SprotoPack() {}

    static byte[] pack(byte[] src, int off, int len) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + len / 2048 * 2 + 2);
        byte[] word = new byte[8];
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        int runWords = 0;
        for (int i = 0; i < len; i += 8) {
            int n = Math.min(8, len - i);
            System.arraycopy(src, off + i, word, 0, n);
            for (int j = n; j < 8; j++) word[j] = 0;
            int nonzero = 0, mask = 0;
            for (int j = 0; j < 8; j++)
                if (word[j] != 0) {
                    nonzero++;
                    mask |= 1 << j;
                }
            boolean raw = nonzero == 8 || (runWords > 0 && nonzero >= 6);
            if (raw) {
                run.write(word, 0, 8);
                if (++runWords == 256) {
                    flush(out, run, runWords);
                    runWords = 0;
                }
                continue;
            }
            if (runWords > 0) {
                flush(out, run, runWords);
                runWords = 0;
            }
            out.write(mask);
            for (int j = 0; j < 8; j++) if (word[j] != 0) out.write(word[j]);
        }
        if (runWords > 0) flush(out, run, runWords);
        return out.toByteArray();
    }

    private static void flush(ByteArrayOutputStream out, ByteArrayOutputStream run, int words) {
        out.write(0xff);
        out.write(words - 1);
        out.writeBytes(run.toByteArray());
        run.reset();
    }

    static byte[] unpack(byte[] src, int off, int len, int maxSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(len * 2);
        int end = off + len;
        while (off < end) {
            int header = src[off++] & 0xff;
            if (header == 0xff) {
                if (off >= end) throw invalid();
                int n = ((src[off] & 0xff) + 1) * 8;
                if (end - off < n + 1) throw invalid();
                out.write(src, off + 1, n);
                off += n + 1;
            } else {
                for (int i = 0; i < 8; i++) {
                    if ((header >> i & 1) != 0) {
                        if (off >= end) throw invalid();
                        out.write(src[off++]);
                    } else {
                        out.write(0);
                    }
                }
            }
            if (out.size() > maxSize) throw new LuaError("object is too large (>" + maxSize + ")");
        }
        return out.toByteArray();
    }

    private static LuaError invalid() {
        return new LuaError("Invalid unpack stream");
    }
}
