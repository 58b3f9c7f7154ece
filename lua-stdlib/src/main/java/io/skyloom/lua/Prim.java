package io.skyloom.lua;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/** A Lua function written as a Java lambda: the primitives of {@code skynet.core}. */
final class Prim extends VarArgFunction {

    @FunctionalInterface
    interface Body {
        Varargs call(Varargs args);
    }

    private final Body body;

    /** A named Lua function value from a lambda. */
    static final class Fn extends VarArgFunction {
        private final Body body;

        Fn(String name, Body body) {
            this.name = name;
            this.body = body;
        }

        @Override
        public Varargs invoke(Varargs args) {
            return body.call(args);
        }
    }

    private Prim(String name, Body body) {
        this.name = name;
        this.body = body;
    }

    static void put(LuaTable t, String name, Body body) {
        t.set(name, new Prim(name, body));
    }

    @Override
    public Varargs invoke(Varargs args) {
        return body.call(args);
    }
}
