package io.skyloom.lua.stdlib;

/**
 * Unwinds the Lua stack of a service that was killed or whose node is closing. An
 * {@link Error}, not a {@code LuaError}, so {@code pcall} cannot catch it and the
 * service's own code cannot keep a killed service alive.
 */
public final class ServiceStopped extends Error {
    public ServiceStopped() {
        super("the service was stopped", null, false, false);
    }
}
