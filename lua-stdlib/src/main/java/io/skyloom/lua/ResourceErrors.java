package io.skyloom.lua;

import org.luaj.vm2.LuaError;

/**
 * The JVM's resource errors in Lua's words: a Lua stack that outgrew the thread's stack
 * is C Lua's "stack overflow", a failed allocation its "not enough memory". Both are
 * Errors that LuaJ's pcall lets pass; Skyloom's pcall, xpcall and the service's own
 * catch ladder turn them into Lua errors, so they never reach a caller as Java text.
 */
final class ResourceErrors {

    private ResourceErrors() {}

    static String message(VirtualMachineError e) {
        return e instanceof StackOverflowError ? "stack overflow" : "not enough memory";
    }

    static LuaError asLua(VirtualMachineError e) {
        return new LuaError(message(e));
    }
}
