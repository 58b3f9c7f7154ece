package io.skyloom.lua.coroutine;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;

/**
 * A string error from inside a coroutine, raised again by the function {@code wrap}
 * made, as Lua 5.2's auxwrap does. The message already carries the position (and, with
 * the debug library, the traceback) of where it was raised inside the coroutine, so it is
 * marked as processed: LuaJ must not prefix the wrap caller's position a second time. An
 * {@code xpcall} handler of the resumer still sees it, as LuaJ would call it for an error
 * raised right there.
 */
final class ResumeError extends LuaError {
    private static final long serialVersionUID = 1L;

    ResumeError(String message, LuaThread resumer) {
        super(message, 0);
        traceback = handled(message, resumer);
    }

    private static String handled(String message, LuaThread resumer) {
        LuaValue handler = resumer.errorfunc;
        if (handler == null) return message;
        resumer.errorfunc = null;        // an error inside the handler must not call it again
        try {
            return handler.call(LuaValue.valueOf(message)).tojstring();
        } catch (RuntimeException | StackOverflowError e) {
            return "error in error handling";
        } finally {
            resumer.errorfunc = handler;
        }
    }
}
