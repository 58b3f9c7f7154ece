package io.skyloom.lua.coroutine;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A Lua coroutine as Lua sees it: a value of type {@code thread}. Being a
 * {@link LuaThread}, it is what {@code globals.running} holds while its body runs, so
 * LuaJ's own readers of that field (xpcall's handler, error levels, the debug library's
 * call stack, which hangs off this object) see the coroutine. The body runs on its
 * {@link CoroutineStack}, which does not point back here.
 */
final class Coroutine extends LuaThread {

    final CoroutineStack stack;

    Coroutine(Globals globals, LuaValue function, CoroutineLib lib) {
        super(globals, function);
        stack = new CoroutineStack(lib, state, function);
    }

    /** LuaJ's entry point, for Java code that resumes a coroutine the way LuaJ documents. */
    @Override
    public Varargs resume(Varargs args) {
        return stack.resume(this, args);
    }
}
