package io.skyloom.lua;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.UpValueAccess;
import org.luaj.vm2.Varargs;

/**
 * {@code skyloom.code}: what skynet's service definitions need of Lua's debug library and
 * of {@code string.dump}, for a service's own functions only. {@code dump}/{@code load}
 * carry a function to a new service ({@code skynet.service}); the upvalue functions are
 * Lua 5.2's {@code debug.getupvalue}, {@code setupvalue}, {@code upvalueid} and
 * {@code upvaluejoin}, used by snax's hotfix and {@code skynet.inject}. They reach only
 * closures of the calling service's own state (functions never cross services), so they
 * open nothing the sandbox closes. Functions LuaJC compiled keep their upvalues in JVM
 * fields ({@link CompiledUpvalues}), which they read and write.
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
        // Whether a running f has frames whose locals getlocal reads (interpreted Lua only).
        Prim.put(t, "interpreted", a -> LuaValue.valueOf(a.arg1() instanceof LuaClosure));
        // Whether the upvalue functions see f's upvalues (false for Java functions).
        Prim.put(t, "inspectable", a -> LuaValue.valueOf(a.arg1() instanceof LuaClosure
                || a.arg1() instanceof LuaFunction f && CodeCache.prototypeOf(f) != null));
        for (String fn : new String[] {"getinfo", "getlocal", "setlocal"}) {
            Prim.put(t, fn, a -> {
                org.luaj.vm2.lib.UnsyncDebugLib frames = ((ServiceGlobals) s.globals).frames;
                if (frames == null)
                    throw new LuaError(fn + ": the frames of a running function are kept only with luaDebug on");
                return frames.frameFunction(fn).invoke(a);
            });
        }
        Prim.put(t, "getupvalue", a -> {
            LuaFunction f = function(a, "getupvalue");
            int i = a.checkint(2);
            if (i < 1 || i > upvalueCount(f)) return LuaValue.NONE;
            LuaValue v = f instanceof LuaClosure c ? c.upValues[i - 1].getValue() : CompiledUpvalues.get(f, i);
            return LuaValue.varargsOf(name(f, i), v);
        });
        Prim.put(t, "setupvalue", a -> {
            LuaFunction f = function(a, "setupvalue");
            int i = a.checkint(2);
            LuaValue v = a.checkvalue(3);
            if (i < 1 || i > upvalueCount(f)) return LuaValue.NONE;
            if (f instanceof LuaClosure c) c.upValues[i - 1].setValue(v);
            else CompiledUpvalues.set(f, i, v);
            return name(f, i);
        });
        Prim.put(t, "upvalueid", a -> {
            LuaFunction f = function(a, "upvalueid");
            int i = a.checkint(2);
            if (i < 1 || i > upvalueCount(f))
                throw new LuaError("bad argument #2 to 'upvalueid' (invalid upvalue index)");
            return new LuaUserdata(upvalueId(f, i));   // equal ids for one shared upvalue
        });
        Prim.put(t, "upvaluejoin", a -> {
            LuaFunction f1 = joinable(a, 1), f2 = joinable(a, 3);
            join(f1, a.checkint(2), f2, a.checkint(4));
            return LuaValue.NONE;
        });
        return t;
    }

    private static LuaFunction function(Varargs a, String fn) {
        LuaValue f = a.arg1();
        if (!f.isfunction())
            throw new LuaError("bad argument #1 to '" + fn + "' (function expected, got " + f.typename() + ")");
        return (LuaFunction) f;
    }

    /** Upvalues the functions see: a Lua closure's, a compiled function's fields; none of a Java function. */
    private static int upvalueCount(LuaFunction f) {
        if (f instanceof LuaClosure c) return c.upValues.length;
        Prototype p = CodeCache.prototypeOf(f);
        return p == null ? 0 : Math.min(p.upvalues.length, CompiledUpvalues.count(f));
    }

    /**
     * What upvalueid compares: one variable is one id, whether a closure's upvalue or a
     * compiled function's cell holds it. A compiled variable that nobody writes is a copy in
     * each closure (LuaJC's choice), so such a copy is the same upvalue as any other
     * holding the same value: the variable it was copied from cannot have changed.
     */
    private static Object upvalueId(LuaFunction f, int i) {
        if (f instanceof LuaClosure c) {
            UpValue u = c.upValues[i - 1];
            return new UpvalueId(UpValueAccess.array(u), UpValueAccess.index(u), null);
        }
        Object raw = CompiledUpvalues.raw(f, i);
        return raw instanceof LuaValue[] cell ? new UpvalueId(cell, 0, null) : new UpvalueId(null, 0, CompiledUpvalues.get(f, i));
    }

    private static final class UpvalueId {
        private final LuaValue[] array;
        private final int index;
        private final LuaValue copy;     // a compiled read-only copy; then array is null

        UpvalueId(LuaValue[] array, int index, LuaValue copy) {
            this.array = array;
            this.index = index;
            this.copy = copy;
        }

        private LuaValue value() {
            return array != null ? array[index] : copy;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof UpvalueId u)) return false;
            if (array != null && u.array != null) return array == u.array && index == u.index;
            return value().raweq(u.value());
        }

        @Override
        public int hashCode() {
            return 0;    // equal ids of a copy and a cell share no field to hash; ids are compared, not keyed
        }
    }

    /**
     * f1's upvalue i1 becomes f2's i2. Between closures, and between compiled written
     * variables, they share one variable from then on, as in Lua; where one side is a
     * compiled variable nobody writes (LuaJC keeps it as a copy), f1 gets f2's value.
     */
    private static void join(LuaFunction f1, int i1, LuaFunction f2, int i2) {
        if (f1 instanceof LuaClosure c1) {
            if (f2 instanceof LuaClosure c2) c1.upValues[i1 - 1] = c2.upValues[i2 - 1];
            else if (CompiledUpvalues.raw(f2, i2) instanceof LuaValue[] cell) c1.upValues[i1 - 1] = new UpValue(cell, 0);
            else c1.upValues[i1 - 1] = new UpValue(new LuaValue[] {CompiledUpvalues.get(f2, i2)}, 0);
            return;
        }
        if (CompiledUpvalues.isCell(f1, i1) && !(f2 instanceof LuaClosure) && CompiledUpvalues.raw(f2, i2) instanceof LuaValue[] cell)
            CompiledUpvalues.setCell(f1, i1, cell);
        else
            CompiledUpvalues.set(f1, i1, f2 instanceof LuaClosure c2 ? c2.upValues[i2 - 1].getValue() : CompiledUpvalues.get(f2, i2));
    }

    private static LuaFunction joinable(Varargs a, int at) {
        LuaValue f = a.arg(at);
        if (!f.isfunction() || upvalueCount((LuaFunction) f) == 0 && !(f instanceof LuaClosure))
            throw new LuaError("bad argument #" + at + " to 'upvaluejoin' (Lua function expected, got "
                    + (f.isfunction() ? "a Java function" : f.typename()) + ")");
        int i = a.checkint(at + 1);
        if (i < 1 || i > upvalueCount((LuaFunction) f))
            throw new LuaError("bad argument #" + (at + 1) + " to 'upvaluejoin' (invalid upvalue index)");
        return (LuaFunction) f;
    }

    private static LuaValue name(LuaFunction f, int i) {
        Prototype p = f instanceof LuaClosure c ? c.p : CodeCache.prototypeOf(f);
        var desc = p.upvalues;
        return i <= desc.length && desc[i - 1].name != null ? desc[i - 1].name : LuaValue.valueOf("?");
    }
}
