package io.skyloom.lua;

import io.skyloom.core.kernel.ScriptException;
import org.luaj.vm2.LuaError;

/** A Lua error from a service's code, split into its message and its traceback. */
final class LuaServiceError extends ScriptException {

    private LuaServiceError(String message, String traceback) {
        super(message, traceback);
    }

    static LuaServiceError of(LuaError e) {
        return new LuaServiceError(ErrorMessages.message(e), ErrorMessages.traceback(e));
    }
}
