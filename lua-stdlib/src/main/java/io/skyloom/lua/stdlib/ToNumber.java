package io.skyloom.lua.stdlib;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code tonumber} as C Lua 5.2.4 reads numbers: decimal as C's strtod (but no "inf" or
 * "nan"), hexadecimal with a fraction and a binary exponent ("0x1p4"), signs, spaces
 * around; with a base 2-36, digits of that base. LuaJ's throws a Java exception on
 * "0x" and reads no signed or fractional hexadecimal. Stateless.
 */
final class ToNumber extends VarArgFunction {

    @Override
    public Varargs invoke(Varargs args) {
        LuaValue v = args.arg1();
        if (args.arg(2).isnil()) {
            if (v.type() == LuaValue.TNUMBER) return v;
            if (v.type() == LuaValue.TSTRING) {
                Double d = parse(v.tojstring());
                return d == null ? NIL : valueOf(d);
            }
            if (args.narg() == 0) throw Args.error(1, "tonumber", "value expected");
            return NIL;
        }
        int base = Args.cint(args, 2, "tonumber");
        LuaString s = Args.string(args, 1, "tonumber");
        if (base < 2 || base > 36) throw Args.error(2, "tonumber", "base out of range");
        return withBase(s.tojstring(), base);
    }

    private static LuaValue withBase(String s, int base) {
        int i = skipSpace(s, 0);
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) neg = s.charAt(i++) == '-';
        if (i >= s.length() || !Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) > 127) return NIL;
        double n = 0;
        while (i < s.length() && s.charAt(i) < 128 && Character.isLetterOrDigit(s.charAt(i))) {
            char c = s.charAt(i);
            int digit = Character.isDigit(c) ? c - '0' : Character.toUpperCase(c) - 'A' + 10;
            if (digit >= base) return NIL;
            n = n * base + digit;
            i++;
        }
        return skipSpace(s, i) == s.length() ? valueOf(neg ? -n : n) : NIL;
    }

    /** Lua 5.2's luaO_str2d; null when {@code s} is not a number. */
    static Double parse(String s) {
        if (s.indexOf('n') >= 0 || s.indexOf('N') >= 0) return null;   // rejects 'inf' and 'nan'
        int i = skipSpace(s, 0);
        int end = s.length();
        while (end > i && isSpace(s.charAt(end - 1))) end--;
        String t = s.substring(i, end);
        if (t.isEmpty()) return null;
        if (t.indexOf('x') >= 0 || t.indexOf('X') >= 0) return hex(t);
        if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) return null;
        return Double.parseDouble(t);
    }

    private static Double hex(String t) {
        int i = 0;
        boolean neg = false;
        if (t.charAt(i) == '-' || t.charAt(i) == '+') neg = t.charAt(i++) == '-';
        if (!(t.startsWith("0x", i) || t.startsWith("0X", i))) return null;
        i += 2;
        double m = 0;
        int exp = 0;
        int digits = 0;
        boolean point = false;
        for (; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '.' && !point) {
                point = true;
                continue;
            }
            int d = Character.digit(c, 16);
            if (d < 0) break;
            m = m * 16 + d;
            if (point) exp -= 4;
            digits++;
        }
        if (digits == 0) return null;
        if (i < t.length() && (t.charAt(i) == 'p' || t.charAt(i) == 'P')) {
            String e = t.substring(i + 1);
            if (!e.matches("[+-]?\\d+")) return null;
            String digitsOnly = e.replaceFirst("^[+-]", "").replaceFirst("^0+(?=\\d)", "");
            int magnitude = digitsOnly.length() > 6 ? 9_999_999 : Integer.parseInt(digitsOnly);   // beyond any double's range
            exp += e.startsWith("-") ? -magnitude : magnitude;
            i = t.length();
        }
        if (i != t.length()) return null;
        double r = Math.scalb(m, exp);
        return neg ? -r : r;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && isSpace(s.charAt(i))) i++;
        return i;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || (c >= 9 && c <= 13);
    }
}
