package io.skyloom.numsky;

import java.util.Objects;

/**
 * How a long numsky operation learns that its caller should stop (a killed service stuck
 * in {@code ns.sum} of a huge array): every loop over elements calls {@link #poll} once
 * per {@link #EVERY} elements, and the installed check throws to unwind.
 *
 * <p>The default check stops a thread that was interrupted, with {@link Stopped}. A host
 * that has its own stop flag (Skyloom's Lua services) installs a check that reads it and
 * throws its own unwinding error, e.g. {@code StopCheck.install(() -> { if (stopped())
 * throw new Stopped(); })}. The check is one JVM-wide value, set at start and read by
 * every thread: volatile so a later install reaches threads already running.
 */
public final class StopCheck {

    /** Elements between two polls: 65 536 (a poll costs about a volatile read per 0.05 ms of work). */
    public static final int EVERY = 1 << 16;
    static final int MASK = EVERY - 1;

    private static final Runnable INTERRUPTED = () -> {
        if (Thread.currentThread().isInterrupted()) throw new Stopped("numsky operation stopped: its thread was interrupted");
    };

    private static volatile Runnable check = INTERRUPTED;

    private StopCheck() {}

    /** Installs the check run every {@link #EVERY} elements; null restores the default (thread interrupt). */
    public static void install(Runnable stopCheck) {
        check = stopCheck == null ? INTERRUPTED : stopCheck;
    }

    /** The check now installed. */
    public static Runnable installed() {
        return check;
    }

    /** Runs the installed check: throws when the operation should stop. */
    public static void poll() {
        check.run();
    }

    /** Unwinds a stopped operation; an Error so that neither Java catch-alls nor Lua's pcall swallow it. */
    public static final class Stopped extends Error {
        public Stopped(String message) {
            super(Objects.requireNonNull(message), null, false, false);
        }
    }
}
