package io.skyloom.scheduler;

/**
 * The node's clock in skynet's units: {@link #now} counts centiseconds (skynet's
 * tick) since the node started, {@link #startTime} is the wall-clock second of the
 * start, {@link #time} is the wall-clock time as start + now. Immutable.
 */
public final class NodeClock {

    /** Nanoseconds in one skynet tick (1/100 s). */
    public static final long TICK_NANOS = 10_000_000L;

    private final long startNanos = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();

    /** Ticks (centiseconds) since the node started. */
    public long now() {
        return (System.nanoTime() - startNanos) / TICK_NANOS;
    }

    /** Wall-clock seconds (UTC) when the node started, whole. */
    public long startTime() {
        return startMillis / 1000;
    }

    /** Wall-clock seconds, with centisecond precision: start time plus {@link #now}. */
    public double time() {
        return (startMillis / 10 + now()) / 100.0;
    }

    /** A monotonic nanosecond counter (skynet.hpc). */
    public long hpc() {
        return System.nanoTime();
    }
}
