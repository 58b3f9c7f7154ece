package io.skyloom.junit;

import io.skyloom.core.kernel.Node;
import io.skyloom.scheduler.ManualTime;
import java.time.Duration;

/**
 * The virtual time of a node started with {@link SkyloomTest#virtualTime}: nothing the
 * node schedules ({@code skynet.sleep}, {@code skynet.timeout}, a Java service's
 * {@code ctx.sleep} and {@code timeout}, call deadlines) fires until the test moves this
 * clock, and {@code skynet.now()} reads it. Between two instants at which timers fall due
 * the clock waits until the node is idle, so what a service does when it wakes (another
 * sleep, a call) happens at the instant it woke, as it would in real time.
 *
 * <p>Everything on the node's timer wheel is virtual, {@code node.within(...)} deadlines too:
 * a test that waits on one from its own thread must move the clock from another.
 *
 * <p>"Idle" means no service holds or waits for a worker: Lua and Java services, stubs and
 * probes count; a Java handler dispatched on the gateway ({@code foreign().dispatch}) does
 * not. Thread-safe; one thread moves the clock at a time.
 */
public final class VirtualClock {

    private final Node node;
    private final ManualTime time;
    private final Duration idleLimit;

    VirtualClock(Node node, Duration idleLimit) {
        this.node = node;
        this.time = node.timers().manualTime();
        this.idleLimit = idleLimit;
    }

    /** Virtual time since the node started. */
    public Duration now() {
        return Duration.ofNanos(time.nanos());
    }

    /** Timers scheduled and not yet fired or cancelled. */
    public int pendingTimers() {
        return time.pending();
    }

    /**
     * Moves time on by {@code d}, firing every timer due within it in order and letting
     * the node settle after each instant; returns once the node is idle at the new time.
     */
    public void advance(Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("time does not go back: " + d);
        long target = Math.addExact(time.nanos(), d.toNanos());
        awaitIdle();
        while (time.fireNext(target)) awaitIdle();
    }

    /** Moves time to the next timer and fires it (and any due with it); false when no timer is pending. */
    public boolean advanceToNextTimer() {
        long next = time.nextDue();
        if (next < 0) return false;
        advance(Duration.ofNanos(Math.max(0, next - time.nanos())));
        return true;
    }

    /** Lets the node finish everything it can do without time passing: timers due now fire. */
    public void runUntilIdle() {
        do awaitIdle(); while (time.fireNext(time.nanos()));
    }

    /** Parks until no service runs or waits to run; fails after the idle limit (a busy loop). */
    void awaitIdle() {
        if (!Quiescence.await(node, idleLimit))
            throw new AssertionError("the node did not become idle within " + idleLimit
                    + ": a service keeps running (an endless loop?); " + (node.workers().size() - node.workers().idle()) + " workers busy");
    }
}
