package io.skyloom.lua.codec;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** Lua strings as the byte arrays the codecs work on, and back. Stateless. */
final class LuaBytes {

    private LuaBytes() {}

    /** A copy of the bytes of argument {@code i}, which must be a string (or a number). */
    static byte[] arg(Varargs args, int i) {
        LuaString s = args.checkstring(i);
        byte[] b = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, b, 0, s.m_length);
        return b;
    }

    /** A Lua string that takes ownership of {@code b}. */
    static LuaString of(byte[] b) {
        return LuaString.valueUsing(b);
    }

    static LuaValue of(byte[] b, int off, int len) {
        return LuaString.valueOf(b, off, len);
    }
}
