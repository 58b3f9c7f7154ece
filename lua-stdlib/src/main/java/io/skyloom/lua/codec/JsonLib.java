package io.skyloom.lua.codec;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * {@code require "rapidjson.core"}: lua-rapidjson's string functions ({@code encode},
 * {@code decode}, {@code null}, {@code object}, {@code array}) plus {@code is_object}
 * and {@code is_array}; {@code rapidjson.lua} adds {@code load}/{@code dump} through the
 * service's own sandboxed {@code io}. Each require builds its own table and metatables,
 * owned by the requiring service.
 */
final class JsonLib extends TwoArgFunction {

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable objectMeta = marker("object");
        LuaTable arrayMeta = marker("array");
        JsonDecoder decoder = new JsonDecoder(objectMeta, arrayMeta);
        LuaTable m = new LuaTable();
        LuaFn.put(m, "encode", a -> LuaBytes.of(new JsonEncoder(a.arg(2)).encode(a.arg1())));
        LuaFn.put(m, "decode", a -> decode(decoder, a));
        LuaFn.put(m, "object", a -> mark(a, objectMeta, "object"));
        LuaFn.put(m, "array", a -> mark(a, arrayMeta, "array"));
        LuaFn.put(m, "is_object", a -> valueOf(a.arg1().istable() && !JsonEncoder.isArray((LuaTable) a.arg1(), false)));
        LuaFn.put(m, "is_array", a -> valueOf(a.arg1().istable() && JsonEncoder.isArray((LuaTable) a.arg1(), false)));
        m.rawset("null", JsonNull.VALUE);
        m.rawset("_NAME", "rapidjson");
        m.rawset("_VERSION", "skyloom (lua-rapidjson 0.7 API)");
        return m;
    }

    private static Varargs decode(JsonDecoder decoder, Varargs a) {
        if (a.arg1().type() != TSTRING && a.arg1().type() != TNUMBER)
            throw new LuaError("bad argument #1 to 'decode' (required string, got " + a.arg1().typename() + ")");
        try {
            return decoder.decode(a.checkstring(1));
        } catch (JsonDecoder.Failure f) {
            return varargsOf(NIL, valueOf(f.getMessage()));
        }
    }

    /** object(t) / array(t): marks t (or a new table); a t with a metatable gets the field set in it. */
    private static Varargs mark(Varargs a, LuaTable meta, String type) {
        LuaValue t = a.arg1();
        if (t.isnil()) {
            LuaTable fresh = new LuaTable();
            fresh.setmetatable(meta);
            return fresh;
        }
        LuaTable table = t.checktable();
        LuaValue mt = table.getmetatable();
        if (mt == null) table.setmetatable(meta);
        else mt.rawset("__jsontype", type);
        return table;
    }

    private static LuaTable marker(String type) {
        LuaTable mt = new LuaTable();
        mt.rawset("__jsontype", type);
        return mt;
    }
}
