package io.skyloom.lua;

import org.luaj.vm2.LuaValue;

/** Java objects shared by reference that have a Lua face (numsky arrays, once numsky lands). */
final class SharedValues {
    private SharedValues() {}

    /** The Lua value for a shared object, or null when {@code o} is not one. */
    static LuaValue toLua(Object o) {
        return null;
    }
}
