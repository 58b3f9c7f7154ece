package io.skyloom.core.kernel;

import io.skyloom.core.*;

/**
 * Unwinds a task of a service that has exited: thrown where the task resumes (or where
 * it called exit) so no more of its code runs. An {@link Error} so that neither Java
 * {@code catch (Exception)} nor Lua's pcall stops it. Never reaches a caller.
 */
final class ServiceExit extends Error {
    static final ServiceExit INSTANCE = new ServiceExit();

    private ServiceExit() {
        super("service exited", null, false, false);
    }
}
