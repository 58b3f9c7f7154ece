package io.skyloom.lua;

import org.luaj.vm2.LuaValue;

/**
 * Java objects shared by reference between services: numsky arrays reach Lua as the
 * same object, a userdata with numsky's methods, and come back unchanged.
 */
final class SharedValues {
    private SharedValues() {}

    /** The Lua value for a shared object, or null when {@code o} is not one. */
    static LuaValue toLua(Object o) {
        return o instanceof io.skyloom.numsky.NDArray a ? io.skyloom.numsky.lua.NumskyLib.INSTANCE.wrap(a) : null;
    }
}
