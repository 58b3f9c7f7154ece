package org.luaj.vm2;

/**
 * Reads where a LuaJ {@link UpValue} keeps its variable (an array and an index: the
 * stack while open, a one-slot array once closed or when it wraps a compiled function's
 * cell). It lives in LuaJ's package because those fields are package-private there; it
 * depends on LuaJ 3.0.1's layout, which the build pins.
 */
public final class UpValueAccess {

    private UpValueAccess() {}

    public static LuaValue[] array(UpValue u) {
        return u.array;
    }

    public static int index(UpValue u) {
        return u.index;
    }
}
