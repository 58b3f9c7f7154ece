package io.skyloom.lua;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code skyloom.code}: what skynet's service definitions need of Lua's debug library and
 * of {@code string.dump}, for a service's own functions only. {@code dump}/{@code load}
 * carry a function to a new service ({@code skynet.service}); the upvalue functions are
 * Lua 5.2's {@code debug.getupvalue}, {@code setupvalue}, {@code upvalueid} and
 * {@code upvaluejoin}, used by snax's hotfix and {@code skynet.inject}. They reach only
 * closures of the calling service's own state (functions never cross services), so they
 * open nothing the sandbox closes. Functions LuaJC compiled keep their upvalues in JVM
 * fields: for them the upvalue functions see none.
 */
final class CodeLib {

    private CodeLib() {}

    /** Puts {@code skyloom.code} into the service's package.preload; the table is made on first require. */
    private static final LuaString CODE_NAME = LuaString.valueOf("skyloom.code");

    static void install(LuaService s) {
        LuaTable preload = (LuaTable) s.globals.rawget(Names.PACKAGE).rawget(Names.PRELOAD);
        preload.rawset(CODE_NAME, new Prim.Fn("skyloom.code", a -> module(s)));
    }

    private static LuaTable module(LuaService s) {
        LuaTable t = new LuaTable();
        Prim.put(t, "dump", a -> new LuaUserdata(FunctionCode.of(a.arg1(), a.optjstring(2, "dump"))));
        Prim.put(t, "load", a -> {
            Object o = a.arg1().isuserdata() ? a.arg1().touserdata() : null;
            if (!(o instanceof FunctionCode code))
                throw new LuaError("bad argument #1 to 'load' (function code expected, got " + a.arg1().typename() + ")");
            return code.instantiate(s.globals);
        });
        // A service file of the service path with globals env (a table): snax's services.
        Prim.put(t, "loadservice", a -> s.host.serviceFunction(s.node, a.checkjstring(1), a.checktable(2)));
        // Whether the upvalue functions see f's upvalues (false for Java and LuaJC-compiled functions).
        Prim.put(t, "inspectable", a -> LuaValue.valueOf(a.arg1() instanceof LuaClosure));
        for (String fn : new String[] {"getinfo", "getlocal", "setlocal"}) {
            Prim.put(t, fn, a -> {
                org.luaj.vm2.lib.UnsyncDebugLib frames = ((ServiceGlobals) s.globals).frames;
                if (frames == null)
                    throw new LuaError(fn + ": the frames of a running function are kept only with luaDebug on");
                return frames.frameFunction(fn).invoke(a);
            });
        }
        Prim.put(t, "getupvalue", a -> {
            LuaClosure f = closure(a, "getupvalue");
            int i = a.checkint(2);
            if (f == null || i < 1 || i > f.upValues.length) return LuaValue.NONE;
            return LuaValue.varargsOf(name(f, i), f.upValues[i - 1].getValue());
        });
        Prim.put(t, "setupvalue", a -> {
            LuaClosure f = closure(a, "setupvalue");
            int i = a.checkint(2);
            LuaValue v = a.checkvalue(3);
            if (f == null || i < 1 || i > f.upValues.length) return LuaValue.NONE;
            f.upValues[i - 1].setValue(v);
            return name(f, i);
        });
        Prim.put(t, "upvalueid", a -> {
            LuaClosure f = closure(a, "upvalueid");
            int i = a.checkint(2);
            if (f == null || i < 1 || i > f.upValues.length)
                throw new LuaError("bad argument #2 to 'upvalueid' (invalid upvalue index)");
            return new LuaUserdata(f.upValues[i - 1]);   // equal ids for one shared upvalue
        });
        Prim.put(t, "upvaluejoin", a -> {
            LuaClosure f1 = joinable(a, 1), f2 = joinable(a, 3);
            f1.upValues[a.checkint(2) - 1] = f2.upValues[a.checkint(4) - 1];
            return LuaValue.NONE;
        });
        return t;
    }

    private static LuaClosure closure(Varargs a, String fn) {
        LuaValue f = a.arg1();
        if (!f.isfunction())
            throw new LuaError("bad argument #1 to '" + fn + "' (function expected, got " + f.typename() + ")");
        return f instanceof LuaClosure c ? c : null;
    }

    private static LuaClosure joinable(Varargs a, int at) {
        LuaValue f = a.arg(at);
        if (!(f instanceof LuaClosure c))
            throw new LuaError("bad argument #" + at + " to 'upvaluejoin' (Lua function expected, got "
                    + (f.isfunction() ? "a Java or compiled function" : f.typename()) + ")");
        int i = a.checkint(at + 1);
        if (i < 1 || i > c.upValues.length)
            throw new LuaError("bad argument #" + (at + 1) + " to 'upvaluejoin' (invalid upvalue index)");
        return c;
    }

    private static LuaValue name(LuaClosure f, int i) {
        var desc = f.p.upvalues;
        return i <= desc.length && desc[i - 1].name != null ? desc[i - 1].name : LuaValue.valueOf("?");
    }
}
