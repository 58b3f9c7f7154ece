package io.skyloom.lua.codec;

import org.luaj.vm2.LuaString;

/** One field of a sproto type, as the schema bundle describes it. Immutable once the schema is built. */
final class SprotoField {

    static final int INTEGER = 0, BOOLEAN = 1, STRING = 2, DOUBLE = 3, STRUCT = 4;

    final String name;
    final LuaString luaName;
    final int tag;
    final int kind;
    final boolean array;
    /** 10^precision for a fixed-point integer, 0 otherwise. */
    final long decimal;
    final boolean binary;
    /** The tag of the main index of {@code *T(key)}, or -1. */
    final int key;
    /** {@code *T()}: a two-field struct read as key and value. */
    final boolean map;
    SprotoType sub;   // set once while the schema is built, then only read

    SprotoField(String name, int tag, int kind, boolean array, long decimal, boolean binary, int key, boolean map) {
        this.name = name;
        this.luaName = LuaString.valueOf(name);
        this.tag = tag;
        this.kind = kind;
        this.array = array;
        this.decimal = decimal;
        this.binary = binary;
        this.key = key;
        this.map = map;
    }
}
