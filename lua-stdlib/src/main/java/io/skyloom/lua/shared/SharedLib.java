package io.skyloom.lua.shared;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code require "skyloom.shared"}: the primitives under skynet.sharedata and
 * skynet.sharetable. Frozen data and roots travel between services as userdata inside
 * messages (by reference: both are thread-safe), and each service reads them through its
 * own {@link SharedView}s. Stateless: one instance serves every Lua state.
 */
public final class SharedLib {

    private SharedLib() {}

    public static LuaTable create() {
        LuaTable t = new LuaTable();
        fn(t, "freeze", a -> new LuaUserdata(Frozen.of(a.checktable(1))));
        fn(t, "root", a -> new LuaUserdata(new SharedRoot(frozen(a, 1, "root"))));
        fn(t, "set", a -> { root(a, 1, "set").set(frozen(a, 2, "set")); return LuaValue.NONE; });
        fn(t, "data", a -> new LuaUserdata(root(a, 1, "data").data()));
        fn(t, "view", a -> new SharedView(root(a, 1, "view")));
        fn(t, "copy", a -> {
            LuaValue v = a.arg(1);
            if (v instanceof SharedView view) return view.copy();
            return frozen(a, 1, "copy").copy();
        });
        fn(t, "retire", a -> { root(a, 1, "retire").retire(); return LuaValue.NONE; });
        fn(t, "retired", a -> LuaValue.valueOf(a.arg(1) instanceof SharedView v && v.root().retired()));
        fn(t, "isview", a -> LuaValue.valueOf(a.arg(1) instanceof SharedView));
        return t;
    }

    /** True for the Java objects of shared data, which may cross services by reference. */
    public static boolean crosses(Object o) {
        return o instanceof Frozen || o instanceof SharedRoot || o instanceof StmLib.Cell;
    }

    private static Frozen frozen(Varargs a, int i, String fn) {
        if (a.arg(i).touserdata() instanceof Frozen f) return f;
        throw new LuaError("bad argument #" + i + " to '" + fn + "' (frozen shared data expected, got " + a.arg(i).typename() + ")");
    }

    private static SharedRoot root(Varargs a, int i, String fn) {
        if (a.arg(i).touserdata() instanceof SharedRoot r) return r;
        throw new LuaError("bad argument #" + i + " to '" + fn + "' (shared data root expected, got " + a.arg(i).typename() + ")");
    }

    private interface Body {
        Varargs call(Varargs a);
    }

    private static void fn(LuaTable t, String name, Body body) {
        t.set(name, new VarArgFunction() {
            {
                this.name = name;
            }

            @Override
            public Varargs invoke(Varargs args) {
                return body.call(args);
            }
        });
    }
}
