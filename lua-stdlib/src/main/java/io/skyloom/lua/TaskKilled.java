package io.skyloom.lua;

/**
 * Unwinds a task that {@code skynet.killthread} ended. An {@link Error}, not a
 * {@code LuaError}, so {@code pcall} inside the task cannot keep it running: skynet
 * closes such a coroutine without running any more of it.
 */
final class TaskKilled extends Error {
    private static final long serialVersionUID = 1L;

    TaskKilled() {
        super("killed by skynet.killthread", null, false, false);
    }
}
