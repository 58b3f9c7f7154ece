package io.skyloom.lua;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A Lua table no code can change: used for what all LuaJ states of the JVM share (the
 * string metatable), so no service can change another's strings.
 */
final class ReadOnlyTable extends LuaTable {

    private final String what;

    /** A frozen copy of {@code source}'s entries. */
    ReadOnlyTable(LuaTable source, String what) {
        this.what = what;
        LuaValue k = LuaValue.NIL;
        for (;;) {
            var next = source.next(k);
            if ((k = next.arg1()).isnil()) break;
            super.rawset(k, next.arg(2));
        }
    }

    @Override
    public void rawset(LuaValue key, LuaValue value) {
        throw new LuaError(what + " is read-only");
    }

    @Override
    public void rawset(int key, LuaValue value) {
        throw new LuaError(what + " is read-only");
    }

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
        throw new LuaError(what + " is read-only");
    }

    @Override
    public void insert(int pos, LuaValue value) {
        throw new LuaError(what + " is read-only");
    }

    @Override
    public LuaValue remove(int pos) {
        throw new LuaError(what + " is read-only");
    }

    @Override
    public void sort(LuaValue comparator) {
        throw new LuaError(what + " is read-only");
    }
}
