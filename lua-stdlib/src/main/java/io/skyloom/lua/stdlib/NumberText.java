package io.skyloom.lua.stdlib;

/**
 * A number as C Lua 5.2 writes it where it becomes a string ({@code LUA_NUMBER_FMT},
 * "%.14g"). LuaJ's own conversion writes a non-integral number through Java's float
 * (0.1 + 0.2 reads "0.3", 1/3 "0.33333334", 1e100 "Infinity"); the library functions of
 * this package use this one instead.
 */
public final class NumberText {

    private NumberText() {}

    public static String of(double d) {
        // The common case, fast; %.14g writes integers up to 14 digits in full, and -0 as "-0".
        if (d == (long) d && Math.abs(d) < 1e14 && (d != 0 || 1 / d > 0)) return Long.toString((long) d);
        return Printf.formatDouble(d, 'g', 14, false, false);
    }
}
