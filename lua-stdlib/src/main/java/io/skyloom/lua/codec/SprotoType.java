package io.skyloom.lua.codec;

import java.util.Arrays;

/** A user-defined sproto type: its fields in ascending tag order. Immutable once the schema is built. */
final class SprotoType {

    final String name;
    final SprotoField[] fields;
    private final int[] tags;

    SprotoType(String name, SprotoField[] fields) {
        this.name = name;
        this.fields = fields;
        this.tags = new int[fields.length];
        for (int i = 0; i < fields.length; i++) tags[i] = fields[i].tag;
    }

    /** What Lua's tostring shows (LuaJ prints a userdata's object): no Java class name. */
    @Override
    public String toString() {
        return "userdata: sproto_type " + name;
    }

    /** The field of {@code tag}, or null: unknown tags are skipped for compatibility. */
    SprotoField byTag(int tag) {
        int i = Arrays.binarySearch(tags, tag);
        return i < 0 ? null : fields[i];
    }
}
