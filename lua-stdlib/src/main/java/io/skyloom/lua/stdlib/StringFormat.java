package io.skyloom.lua.stdlib;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code string.format} with C Lua 5.2.4's rules: its format syntax (at most 5 flags of
 * "-+ #0", two digits of width and of precision), its argument conversions, and
 * {@link Printf} for what C's sprintf prints. {@code %d} follows 5.2 (the number is
 * truncated toward zero, so 1.5 prints "1"; only a number beyond 64 bits fails with
 * "not a number in proper range"), not 5.3, which refuses 1.5 with "number has no
 * integer representation". Stateless.
 */
final class StringFormat extends VarArgFunction {

    private static final String NAME = "format";
    private static final String FLAGS = "-+ #0";

    @Override
    public Varargs invoke(Varargs args) {
        LuaString fmt = Args.string(args, 1, NAME);
        byte[] f = fmt.m_bytes;
        int end = fmt.m_offset + fmt.m_length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(fmt.m_length + 16);
        int arg = 1;
        for (int i = fmt.m_offset; i < end; ) {
            byte b = f[i++];
            if (b != '%') {
                out.write(b);
                continue;
            }
            if (i < end && f[i] == '%') {
                out.write('%');
                i++;
                continue;
            }
            // Parse "%[flags][width][.precision]conv" as 5.2's scanformat does.
            int start = i;
            while (i < end && FLAGS.indexOf(f[i]) >= 0) i++;
            if (i - start >= FLAGS.length() + 1) throw new LuaError("invalid format (repeated flags)");
            String flags = new String(f, start, i - start, StandardCharsets.ISO_8859_1);
            int width = 0;
            int digits = 0;
            while (i < end && isDigit(f[i]) && digits < 2) { width = width * 10 + (f[i++] - '0'); digits++; }
            int precision = -1;
            if (i < end && f[i] == '.') {
                i++;
                precision = 0;
                digits = 0;
                while (i < end && isDigit(f[i]) && digits < 2) { precision = precision * 10 + (f[i++] - '0'); digits++; }
            }
            if (i < end && isDigit(f[i])) throw new LuaError("invalid format (width or precision too long)");
            char conv = i < end ? (char) (f[i++] & 0xff) : '\0';
            if (++arg > args.narg()) throw Args.error(arg, NAME, "no value");
            Printf.Spec spec = new Printf.Spec(flags.indexOf('-') >= 0, flags.indexOf('+') >= 0, flags.indexOf(' ') >= 0,
                    flags.indexOf('#') >= 0, flags.indexOf('0') >= 0, width, precision, conv);
            convert(out, spec, args, arg);
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    private static void convert(ByteArrayOutputStream out, Printf.Spec spec, Varargs args, int arg) {
        switch (spec.conv()) {
            case 'c' -> {
                byte ch = (byte) Args.cint(args, arg, NAME);
                String padded = Printf.pad(spec, "", "", "\u0000", false);
                for (int k = 0; k < padded.length(); k++) out.write(padded.charAt(k) == '\u0000' ? ch : ' ');
            }
            case 'd', 'i' -> {
                double n = Args.number(args, arg, NAME);
                long ni = Args.toInteger(n);
                double diff = n - (double) ni;
                if (!(-1 < diff && diff < 1)) throw Args.error(arg, NAME, "not a number in proper range");
                ascii(out, Printf.integer(spec, ni));
            }
            case 'o', 'u', 'x', 'X' -> {
                double n = Args.number(args, arg, NAME);
                long ni = toUnsigned(n);
                double diff = n - unsignedValue(ni);
                if (!(-1 < diff && diff < 1)) throw Args.error(arg, NAME, "not a non-negative number in proper range");
                ascii(out, Printf.integer(spec, ni));
            }
            case 'a', 'A', 'e', 'E', 'f', 'g', 'G' -> ascii(out, Printf.floating(spec, Args.number(args, arg, NAME)));
            case 'q' -> quoted(out, Args.string(args, arg, NAME));
            case 's' -> string(out, spec, args, arg);
            default -> throw new LuaError("invalid option '%" + spec.conv() + "' to 'format'");   // even a '\0', as 5.2 does
        }
    }

    /** C's (unsigned long long) cast of a double on x86-64 (what gcc emits for it). */
    private static long toUnsigned(double d) {
        if (d >= 0x1p63 && d < 0x1p64) return (long) (d - 0x1p63) + Long.MIN_VALUE;
        return Args.toInteger(d);
    }

    private static double unsignedValue(long u) {
        double d = (double) (u >>> 1) * 2.0 + (u & 1);
        return u >= 0 ? (double) u : d;
    }

    private static void string(ByteArrayOutputStream out, Printf.Spec spec, Varargs args, int arg) {
        LuaString s = toLuaString(args.arg(arg));
        if (spec.precision() < 0 && s.m_length >= 100) {   // 5.2 keeps a long string whole, width and all
            out.write(s.m_bytes, s.m_offset, s.m_length);
            return;
        }
        // 5.2.4 hands the string to sprintf, which stops at its first zero byte.
        int zero = s.indexOf((byte) 0, 0);
        int len = zero >= 0 ? zero : s.m_length;
        int n = spec.precision() >= 0 ? Math.min(spec.precision(), len) : len;
        int fill = Math.max(0, spec.width() - n);
        if (!spec.left()) for (int k = 0; k < fill; k++) out.write(' ');
        out.write(s.m_bytes, s.m_offset, n);
        if (spec.left()) for (int k = 0; k < fill; k++) out.write(' ');
    }

    /** luaL_tolstring: __tostring, else the value as tostring writes it (numbers as %.14g). */
    static LuaString toLuaString(LuaValue v) {
        LuaValue meta = v.metatag(LuaValue.TOSTRING);
        if (!meta.isnil()) {
            LuaValue r = meta.call(v);
            if (r.type() == LuaValue.TNUMBER) return LuaString.valueOf(NumberText.of(r.todouble()));
            if (!r.isstring()) throw new LuaError("'__tostring' must return a string");
            return r.strvalue();
        }
        return switch (v.type()) {
            case LuaValue.TSTRING -> (LuaString) v;
            case LuaValue.TNUMBER -> LuaString.valueOf(NumberText.of(v.todouble()));
            default -> LuaString.valueOf(v.tojstring());
        };
    }

    /** %q: a string Lua reads back as the same bytes (5.2's addquoted). */
    private static void quoted(ByteArrayOutputStream out, LuaString s) {
        out.write('"');
        byte[] b = s.m_bytes;
        int end = s.m_offset + s.m_length;
        for (int i = s.m_offset; i < end; i++) {
            int c = b[i] & 0xff;
            if (c == '"' || c == '\\' || c == '\n') {
                out.write('\\');
                out.write(c);
            } else if (c == 0 || c < 32 || c == 127) {
                boolean digitNext = i + 1 < end && isDigit(b[i + 1]);
                ascii(out, digitNext ? String.format("\\%03d", c) : "\\" + c);
            } else {
                out.write(c);
            }
        }
        out.write('"');
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        for (int k = 0; k < s.length(); k++) out.write(s.charAt(k));
    }
}
