package io.skyloom.lua.stdlib;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code string.rep}, {@code sub}, {@code byte}, {@code char}, {@code upper} and
 * {@code lower} with C Lua 5.2.4's conversions at their limits: positions are 64-bit,
 * counts are C ints, results Lua cannot hold fail with Lua's own message. One limit is
 * the JVM's: a string holds at most {@link #MAX_STRING} bytes, where C Lua's may grow
 * until memory runs out. upper and lower change ASCII letters only (C locale), where
 * LuaJ's decode UTF-8 and apply Java's Unicode case mapping.
 */
final class StringFunctions {

    /** The longest string a JVM array holds. */
    static final int MAX_STRING = Integer.MAX_VALUE - 8;
    /** What C Lua's stack takes at most (LUAI_MAXSTACK): the most values one call returns. */
    static final int MAX_RESULTS = 1_000_000;

    private StringFunctions() {}

    static VarArgFunction rep(StopFlag stop) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaString s = Args.string(args, 1, "rep");
                int n = Args.cint(args, 2, "rep");
                LuaString sep = Args.optString(args, 3, "rep", LuaString.valueOf(""));
                if (n <= 0) return LuaValue.EMPTYSTRING;
                long total = (long) s.m_length * n + (long) sep.m_length * (n - 1);
                if (total > MAX_STRING) throw new LuaError("resulting string too large");
                byte[] out = new byte[(int) total];
                int at = 0;
                for (int i = 0; i < n; i++) {
                    if ((i & (StopFlag.STEPS - 1)) == 0) stop.check();
                    System.arraycopy(s.m_bytes, s.m_offset, out, at, s.m_length);
                    at += s.m_length;
                    if (i < n - 1 && sep.m_length > 0) {
                        System.arraycopy(sep.m_bytes, sep.m_offset, out, at, sep.m_length);
                        at += sep.m_length;
                    }
                }
                return LuaString.valueUsing(out);
            }
        };
    }

    static VarArgFunction sub() {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaString s = Args.string(args, 1, "sub");
                int l = s.m_length;
                long i = Args.relative(Args.integer(args, 2, "sub"), l);
                long j = Args.relative(Args.optInteger(args, 3, "sub", -1), l);
                if (i < 1) i = 1;
                if (j > l) j = l;
                if (i > j) return LuaValue.EMPTYSTRING;
                return s.substring((int) i - 1, (int) j);
            }
        };
    }

    static VarArgFunction byteFunction() {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaString s = Args.string(args, 1, "byte");
                int l = s.m_length;
                long i = Args.relative(Args.optInteger(args, 2, "byte", 1), l);
                long j = Args.relative(Args.optInteger(args, 3, "byte", i), l);
                if (i < 1) i = 1;
                if (j > l) j = l;
                if (i > j) return LuaValue.NONE;
                long n = j - i + 1;
                if (n >= MAX_RESULTS) throw new LuaError("string slice too long");
                LuaValue[] r = new LuaValue[(int) n];
                for (int k = 0; k < n; k++) r[k] = LuaValue.valueOf(s.luaByte((int) i - 1 + k));
                return LuaValue.varargsOf(r);
            }
        };
    }

    static VarArgFunction charFunction() {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                int n = args.narg();
                byte[] out = new byte[n];
                for (int i = 1; i <= n; i++) {
                    int c = Args.cint(args, i, "char");
                    if (c < 0 || c > 255) throw Args.error(i, "char", "value out of range");
                    out[i - 1] = (byte) c;
                }
                return LuaString.valueUsing(out);
            }
        };
    }

    static VarArgFunction caseMapping(boolean upper) {
        String fname = upper ? "upper" : "lower";
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaString s = Args.string(args, 1, fname);
                byte[] out = new byte[s.m_length];
                for (int i = 0; i < out.length; i++) {
                    byte c = s.m_bytes[s.m_offset + i];
                    if (upper && c >= 'a' && c <= 'z') c -= 32;
                    else if (!upper && c >= 'A' && c <= 'Z') c += 32;
                    out[i] = c;
                }
                return LuaString.valueUsing(out);
            }
        };
    }
}
