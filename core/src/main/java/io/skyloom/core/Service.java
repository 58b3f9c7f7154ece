package io.skyloom.core;

/**
 * A service written in Java: the node calls {@link #handle} with one message at a
 * time, and a handler interleaves with other handlers of the same service only where
 * it blocks (a call, a sleep, a wait), exactly where a skynet coroutine yields.
 */
@FunctionalInterface
public interface Service {

    /**
     * Handles one message. Answer a request with {@link Context#ret} or take a
     * {@link Context#response()} to answer later; an exception answers the caller with
     * the error and the service goes on.
     */
    void handle(Context ctx, Message m) throws Exception;

    /** skynet.start: runs before any other message; {@code newservice} returns when it did. */
    default void start(Context ctx) throws Exception {}

    /**
     * The service is being killed (or its node closed) and a handler may still be
     * running: a host that can, stops that handler at its next step (a Lua service does,
     * even in an endless loop). Called on any thread; must not block.
     */
    default void stopRequested() {}

    /**
     * The service has run for the node's {@code endlessWarning} without giving its worker
     * back (skynet's "maybe in an endless loop"). Called on the monitor's thread, once
     * per stuck run; must not block. A Lua service logs its Lua stack at its next step.
     */
    default void endlessDetected() {}

    /** Called once when the service has exited, with its baton held; must not block. */
    default void stopped(int handle) {}
}
