package io.skyloom.lua.codec;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * A named Lua function made of a lambda, so that a module reads as a table of small
 * functions. A Java exception that escapes a body becomes a Lua error naming the
 * function, never a Java class name. Immutable.
 */
final class LuaFn extends VarArgFunction {

    /** The body of a Lua function. */
    @FunctionalInterface
    interface Body {
        Varargs apply(Varargs args);
    }

    private final Body body;

    private LuaFn(String name, Body body) {
        this.name = name;
        this.body = body;
    }

    static LuaFn of(String name, Body body) {
        return new LuaFn(name, body);
    }

    /** Sets {@code module[name]} to a function of that name. */
    static void put(LuaTable module, String name, Body body) {
        module.rawset(name, new LuaFn(name, body));
    }

    @Override
    public Varargs invoke(Varargs args) {
        try {
            return body.apply(args);
        } catch (LuaError e) {
            throw e;
        } catch (StackOverflowError e) {
            throw new LuaError(name + ": nesting too deep");
        } catch (RuntimeException e) {
            throw new LuaError(name + ": " + CodecError.describe(e));
        }
    }
}
