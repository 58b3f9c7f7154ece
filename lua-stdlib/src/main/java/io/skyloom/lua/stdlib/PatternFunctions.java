package io.skyloom.lua.stdlib;

import java.io.ByteArrayOutputStream;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code string.find}, {@code match}, {@code gmatch} and {@code gsub} over
 * {@link LuaPattern}, with C Lua 5.2.4's argument rules and messages. Each instance
 * holds the stop flag of the service it was installed for. Stateless otherwise.
 */
final class PatternFunctions {

    private static final String SPECIALS = "^$*+?.([%-";

    private PatternFunctions() {}

    static VarArgFunction find(StopFlag stop) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return findOrMatch(args, true, stop);
            }
        };
    }

    static VarArgFunction match(StopFlag stop) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return findOrMatch(args, false, stop);
            }
        };
    }

    private static Varargs findOrMatch(Varargs args, boolean find, StopFlag stop) {
        String fname = find ? "find" : "match";
        LuaString s = Args.string(args, 1, fname);
        LuaString p = Args.string(args, 2, fname);
        long init = Args.relative(Args.optInteger(args, 3, fname, 1), s.m_length);
        if (init < 1) init = 1;
        else if (init > (long) s.m_length + 1) return LuaValue.NIL;
        if (find && (args.arg(4).toboolean() || noSpecials(p))) {
            int at = s.indexOf(p, (int) init - 1);
            if (at < 0) return LuaValue.NIL;
            return LuaValue.varargsOf(LuaValue.valueOf(at + 1), LuaValue.valueOf(at + p.m_length));
        }
        LuaPattern m = new LuaPattern(s, p, stop);
        int pi = LuaPattern.start(p);
        boolean anchor = pi < m.pEnd && p.m_bytes[pi] == '^';
        if (anchor) pi++;
        int si = m.sInit + (int) init - 1;
        do {
            int e = m.matchAt(si, pi);
            if (e != -1) {
                if (!find) return LuaValue.varargsOf(m.captures(si, e, true));
                LuaValue[] caps = m.captures(si, e, false);
                LuaValue[] r = new LuaValue[caps.length + 2];
                r[0] = LuaValue.valueOf(si - m.sInit + 1);
                r[1] = LuaValue.valueOf(e - m.sInit);
                System.arraycopy(caps, 0, r, 2, caps.length);
                return LuaValue.varargsOf(r);
            }
        } while (si++ < m.sEnd && !anchor);
        return LuaValue.NIL;
    }

    private static boolean noSpecials(LuaString p) {
        for (int i = 0; i < p.m_length; i++) if (SPECIALS.indexOf(p.m_bytes[p.m_offset + i]) >= 0) return false;
        return true;
    }

    static VarArgFunction gmatch(StopFlag stop) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaString s = Args.string(args, 1, "gmatch");
                LuaString p = Args.string(args, 2, "gmatch");
                return new GmatchIterator(s, p, stop);
            }
        };
    }

    /** The iterator gmatch returns; its position is its only state, advanced by each call. */
    private static final class GmatchIterator extends VarArgFunction {
        private final LuaString s;
        private final LuaString p;
        private final StopFlag stop;
        private int position;   // subject offset where the next search starts; the calling task owns it

        GmatchIterator(LuaString s, LuaString p, StopFlag stop) {
            this.s = s;
            this.p = p;
            this.stop = stop;
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaPattern m = new LuaPattern(s, p, stop);
            for (int si = m.sInit + position; si <= m.sEnd; si++) {
                int e = m.matchAt(si, LuaPattern.start(p));   // 5.2's gmatch has no anchor
                if (e != -1) {
                    position = e - m.sInit;
                    if (e == si) position++;   // an empty match: go on one byte further
                    return LuaValue.varargsOf(m.captures(si, e, true));
                }
            }
            position = s.m_length + 1;
            return NONE;
        }
    }

    static VarArgFunction gsub(StopFlag stop) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return PatternFunctions.gsub(args, stop);
            }
        };
    }

    private static Varargs gsub(Varargs args, StopFlag stop) {
        String fname = "gsub";
        LuaString src = Args.string(args, 1, fname);
        LuaString p = Args.string(args, 2, fname);
        LuaValue repl = args.arg(3);
        int tr = repl.type();
        if (!(tr == LuaValue.TNUMBER || tr == LuaValue.TSTRING || tr == LuaValue.TFUNCTION || tr == LuaValue.TTABLE))
            throw Args.error(3, fname, "string/function/table expected");
        // 5.2 reads the limit into a size_t: a negative one means no limit.
        long maxN = Args.optInteger(args, 4, fname, (long) src.m_length + 1);
        if (maxN < 0) maxN = Long.MAX_VALUE;
        LuaPattern m = new LuaPattern(src, p, stop);
        int pi = LuaPattern.start(p);
        boolean anchor = pi < m.pEnd && p.m_bytes[pi] == '^';
        if (anchor) pi++;
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.m_length);
        int si = m.sInit;
        long n = 0;
        while (n < maxN) {
            int e = m.matchAt(si, pi);
            if (e != -1) {
                n++;
                addValue(out, m, si, e, repl);
            }
            if (e != -1 && e > si) si = e;
            else if (si < m.sEnd) out.write(m.s[si++]);
            else break;
            if (anchor) break;
        }
        out.write(m.s, si, m.sEnd - si);
        return LuaValue.varargsOf(LuaString.valueUsing(out.toByteArray()), LuaValue.valueOf(n));
    }

    private static void addValue(ByteArrayOutputStream out, LuaPattern m, int si, int e, LuaValue repl) {
        LuaValue v;
        switch (repl.type()) {
            case LuaValue.TFUNCTION -> v = repl.invoke(LuaValue.varargsOf(m.captures(si, e, true))).arg1();
            case LuaValue.TTABLE -> v = repl.get(m.capture(0, si, e));
            default -> {
                addString(out, m, si, e, Args.string(LuaValue.varargsOf(new LuaValue[] {repl}), 1, "gsub"));
                return;
            }
        }
        if (!v.toboolean()) {
            out.write(m.s, si, e - si);   // nil or false: keep the original text
        } else if (v.type() == LuaValue.TSTRING) {
            LuaString r = (LuaString) v;
            out.write(r.m_bytes, r.m_offset, r.m_length);
        } else if (v.type() == LuaValue.TNUMBER) {
            writeAscii(out, NumberText.of(v.todouble()));
        } else {
            throw new LuaError("invalid replacement value (a " + v.typename() + ")");
        }
    }

    /** A replacement string: %0-%9 are captures, %% is a percent sign. */
    private static void addString(ByteArrayOutputStream out, LuaPattern m, int si, int e, LuaString news) {
        byte[] b = news.m_bytes;
        int end = news.m_offset + news.m_length;
        for (int i = news.m_offset; i < end; i++) {
            byte c = b[i];
            if (c != '%') {
                out.write(c);
                continue;
            }
            i++;
            byte d = i < end ? b[i] : 0;
            if (d < '0' || d > '9') {
                if (d != '%') throw new LuaError("invalid use of '%' in replacement string");
                out.write('%');
            } else if (d == '0') {
                out.write(m.s, si, e - si);
            } else {
                LuaValue cap = m.capture(d - '1', si, e);
                if (cap.type() == LuaValue.TNUMBER) writeAscii(out, NumberText.of(cap.todouble()));
                else {
                    LuaString cs = (LuaString) cap;
                    out.write(cs.m_bytes, cs.m_offset, cs.m_length);
                }
            }
        }
    }

    private static void writeAscii(ByteArrayOutputStream out, String s) {
        for (int k = 0; k < s.length(); k++) out.write(s.charAt(k));
    }
}
