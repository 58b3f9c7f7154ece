package io.skyloom.lua.codec;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * {@code sproto:default(type)}: a table with every field's zero value (0, 0.0 for
 * fixed-point and double, false, "", {__type = name} for a struct) and, for an array,
 * {__array = that value} (the type name for a struct array), as skynet's gives.
 * Stateless.
 */
final class SprotoDefaults {

    private SprotoDefaults() {}

    static LuaTable of(SprotoType st) {
        LuaTable t = new LuaTable();
        for (SprotoField f : st.fields) {
            if (f.array) {
                LuaTable a = new LuaTable();
                a.rawset("__array", zero(f, true));
                t.rawset(f.luaName, a);
            } else {
                t.rawset(f.luaName, zero(f, false));
            }
        }
        return t;
    }

    private static LuaValue zero(SprotoField f, boolean inArray) {
        return switch (f.kind) {
            case SprotoField.INTEGER -> f.decimal != 0 ? LuaValue.valueOf(0.0) : LuaValue.valueOf(0);
            case SprotoField.DOUBLE -> LuaValue.valueOf(0.0);
            case SprotoField.BOOLEAN -> LuaValue.FALSE;
            case SprotoField.STRING -> LuaValue.EMPTYSTRING;
            default -> {
                if (inArray) yield LuaValue.valueOf(f.sub.name);
                LuaTable s = new LuaTable();
                s.rawset("__type", f.sub.name);
                yield s;
            }
        };
    }
}
