package org.luaj.vm2;

/**
 * Reads and writes the position LuaJ keeps in a {@link LuaError}. It lives in LuaJ's
 * package because those fields are protected there; it depends on LuaJ 3.0.1's layout,
 * which the build pins (as {@code UnsyncDebugLib} does).
 */
public final class LuaErrorAccess {

    private LuaErrorAccess() {}

    /** error()'s level: 1 where error was called, 2 its caller, 0 no position. */
    public static int level(LuaError e) {
        return e.level;
    }

    /** True when LuaJ gave the message a position (the interpreter does, compiled code does not). */
    public static boolean hasPosition(LuaError e) {
        return e.fileline != null;
    }

    /** Sets the position LuaJ prefixes the message with ("file:12:"). */
    public static void position(LuaError e, String fileline) {
        e.fileline = fileline;
    }
}
