package io.skyloom.lua;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * The compiled form of a Lua function that needs nothing of its service but globals
 * (no upvalue but {@code _ENV}): what {@code skynet.service} carries to the new service
 * where skynet carries {@code string.dump}'s bytes. The sandbox loads no binary chunk,
 * so the code travels as LuaJ's prototype, which the compiler made and no one changes
 * after; a message inside the node carries it by reference. Immutable.
 */
record FunctionCode(Prototype proto) {

    /** The code of {@code f}; a Lua error for a Java function or one with upvalues of its own. */
    static FunctionCode of(LuaValue f, String fn) {
        if (!f.isfunction())
            throw new LuaError("bad argument #1 to '" + fn + "' (function expected, got " + f.typename() + ")");
        Prototype p = CodeCache.prototypeOf((LuaFunction) f);
        if (p == null) throw new LuaError(fn + ": a Java function has no Lua code to carry");
        for (var up : p.upvalues) {
            String name = up.name == null ? "?" : up.name.tojstring();
            if (!name.equals("_ENV"))
                throw new LuaError(fn + ": the function may use no upvalue but _ENV (it uses '" + name
                        + "'); pass values as arguments instead");
        }
        return new FunctionCode(p);
    }

    /** A new function of this code whose globals are {@code env}'s (interpreted, also under LuaJC). */
    LuaFunction instantiate(Globals env) {
        return new LuaClosure(proto, env);
    }

    @Override
    public String toString() {
        return "function code (" + proto.shortsource() + ":" + proto.linedefined + ")";
    }
}
