package io.skyloom.core.kernel;

import io.skyloom.core.*;

/**
 * A wait token ({@link Context#sleep}, {@link Context#await}, {@link Context#wakeup})
 * that keeps its own waiter, so waiting on it needs no lookup in the service's token
 * map. The Lua host's per-task coroutine values are such tokens: every skynet.sleep
 * waits on one. Any other object works as a token too, through the map. The slot is
 * the kernel's: only the baton holder of the token's service reads or writes it.
 */
public interface WaitSlot {

    /** What the kernel stored, or null. */
    Object waitSlot();

    /** Stores {@code waiter} (null to clear). */
    void waitSlot(Object waiter);
}
