package io.skyloom.lua.codec;

import org.luaj.vm2.LuaUserdata;

/**
 * {@code rapidjson.null}: one value for the whole JVM, so that a null decoded by one
 * service is the same null in another. It is a userdata without metatable over a
 * private marker, so Lua can compare it and nothing else. Immutable.
 */
public final class JsonNull {

    private static final Object MARKER = new Object() {
        @Override
        public String toString() {
            return "userdata: rapidjson.null";
        }
    };

    public static final LuaUserdata VALUE = new LuaUserdata(MARKER);

    private JsonNull() {}

    /** True for rapidjson.null: immutable and one per JVM, so it may cross services as it is. */
    public static boolean is(org.luaj.vm2.LuaValue v) {
        return v == VALUE;
    }
}
