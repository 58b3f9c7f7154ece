package io.skyloom.lua.coroutine;

/**
 * Unwinds the stack of a suspended coroutine that will never be resumed (it became
 * garbage, or its owner closed it). An {@link Error}, so neither {@code pcall} nor
 * {@code xpcall} (which catch {@code LuaError} and {@code Exception}) can stop it; Java
 * code that catches {@code Throwable} inside a coroutine must rethrow it.
 */
public final class CoroutineKilled extends Error {
    private static final long serialVersionUID = 1L;

    CoroutineKilled() {
        super("coroutine killed", null, false, false);
    }
}
