package io.skyloom.lua.stdlib;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Argument checks worded as C Lua 5.2's auxiliary library words them ("bad argument #2
 * to 'string.rep' (number expected, got no value)"), with its conversions: a number
 * argument may be a numeric string, an integer argument is truncated toward zero as C
 * casts it (x86-64: NaN and values beyond 64 bits become the smallest integer).
 */
final class Args {

    private Args() {}

    static LuaError error(int arg, String fname, String extra) {
        return new LuaError("bad argument #" + arg + " to '" + fname + "' (" + extra + ")");
    }

    static LuaError typeError(Varargs args, int arg, String fname, String expected) {
        String got = arg > args.narg() ? "no value" : args.arg(arg).typename();
        return error(arg, fname, expected + " expected, got " + got);
    }

    static double number(Varargs args, int arg, String fname) {
        LuaValue v = args.arg(arg);
        if (v.type() == LuaValue.TNUMBER) return v.todouble();
        if (v.type() == LuaValue.TSTRING) {
            Double n = ToNumber.parse(v.tojstring());
            if (n != null) return n;
        }
        throw typeError(args, arg, fname, "number");
    }

    static long integer(Varargs args, int arg, String fname) {
        return toInteger(number(args, arg, fname));
    }

    static long optInteger(Varargs args, int arg, String fname, long def) {
        return args.arg(arg).isnil() ? def : integer(args, arg, fname);
    }

    /** luaL_checkint: the lua_Integer cast to a C int (its low 32 bits). */
    static int cint(Varargs args, int arg, String fname) {
        return (int) integer(args, arg, fname);
    }

    static int optCint(Varargs args, int arg, String fname, int def) {
        return args.arg(arg).isnil() ? def : cint(args, arg, fname);
    }

    /** C's (long long) cast of a double as x86-64 does it: out of range and NaN give LLONG_MIN. */
    static long toInteger(double d) {
        if (d >= -0x1p63 && d < 0x1p63) return (long) d;
        return Long.MIN_VALUE;
    }

    static LuaString string(Varargs args, int arg, String fname) {
        LuaValue v = args.arg(arg);
        if (v.type() == LuaValue.TSTRING) return (LuaString) v;
        if (v.type() == LuaValue.TNUMBER) return LuaString.valueOf(NumberText.of(v.todouble()));
        throw typeError(args, arg, fname, "string");
    }

    static LuaString optString(Varargs args, int arg, String fname, LuaString def) {
        return args.arg(arg).isnil() ? def : string(args, arg, fname);
    }

    static void table(Varargs args, int arg, String fname) {
        if (!args.arg(arg).istable()) throw typeError(args, arg, fname, "table");
    }

    /** Lua's posrelat: a negative position counts from the end; too negative gives 0. */
    static long relative(long pos, int len) {
        if (pos >= 0) return pos;
        if (-pos > len) return 0;
        return len + pos + 1;
    }
}
