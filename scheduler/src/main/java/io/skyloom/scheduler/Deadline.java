package io.skyloom.scheduler;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * gevent's {@code Timeout} for Java: runs a blocking body on the current thread and
 * interrupts it when the deadline passes. Every blocking call of Skyloom (and of the
 * JDK) answers an interrupt, so any of them can be bounded this way.
 */
public final class Deadline {

    private static final int RUNNING = 0, DONE = 1, FIRING = 2, FIRED = 3;

    private Deadline() {}

    /**
     * Runs {@code body}; if it has not finished after {@code limit}, interrupts it and
     * throws {@link TimeoutException} (whatever the interrupted body threw is attached
     * as the cause). A body that finished first returns normally and leaves the
     * thread's interrupt flag as it was.
     */
    public static <T> T within(TimerWheel timers, Duration limit, Callable<T> body) throws Exception {
        Thread caller = Thread.currentThread();
        AtomicInteger state = new AtomicInteger(RUNNING);
        var entry = timers.schedule(limit.toNanos(), () -> {
            if (state.compareAndSet(RUNNING, FIRING)) {
                caller.interrupt();
                state.set(FIRED);
            }
        });
        T result;
        try {
            result = body.call();
        } catch (Exception | Error e) {
            if (state.compareAndSet(RUNNING, DONE)) {
                entry.cancel();
                throw e;
            }
            clearOurInterrupt(state);
            TimeoutException te = new TimeoutException("timed out after " + limit);
            te.initCause(e);
            throw te;
        }
        if (!state.compareAndSet(RUNNING, DONE)) {
            // The timer fired as the body returned: the body won, swallow our interrupt.
            clearOurInterrupt(state);
            return result;
        }
        entry.cancel();
        return result;
    }

    /**
     * Waits until the timer's interrupt has landed (FIRED is set right after it), then
     * clears it; the body may have consumed it already (an InterruptedException does).
     */
    private static void clearOurInterrupt(AtomicInteger state) {
        while (state.get() != FIRED) Thread.onSpinWait();
        Thread.interrupted();
    }
}
