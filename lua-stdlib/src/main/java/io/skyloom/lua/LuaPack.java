package io.skyloom.lua;

import org.luaj.vm2.LuaValue;

/**
 * The payload of a "lua" protocol message inside one process: the values, with every
 * table already copied, so the receiver may keep or change them freely (skynet.pack).
 */
record LuaPack(LuaValue[] values) {
    static final LuaPack EMPTY = new LuaPack(new LuaValue[0]);
}
