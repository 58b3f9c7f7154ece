package io.skyloom.scheduler;

/**
 * The node's clock in skynet's units: {@link #now} counts centiseconds (skynet's
 * tick) since the node started, {@link #startTime} is the wall-clock second of the
 * start, {@link #time} is the wall-clock time as start + now. On a {@link ManualTime}
 * (a node under test) now, time and hpc move only when the test moves that time; the
 * start time stays the wall clock's. Immutable.
 */
public final class NodeClock {

    /** Nanoseconds in one skynet tick (1/100 s). */
    public static final long TICK_NANOS = 10_000_000L;

    private final ManualTime manual;                 // null: real time
    private final long startNanos;
    private final long startMillis = System.currentTimeMillis();

    public NodeClock() {
        this(null);
    }

    /** A clock on {@code manual} time when not null, else on real time. */
    public NodeClock(ManualTime manual) {
        this.manual = manual;
        this.startNanos = nanoTime();
    }

    private long nanoTime() {
        return manual == null ? System.nanoTime() : manual.nanos();
    }

    /** Ticks (centiseconds) since the node started. */
    public long now() {
        return (nanoTime() - startNanos) / TICK_NANOS;
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
        return nanoTime();
    }
}
