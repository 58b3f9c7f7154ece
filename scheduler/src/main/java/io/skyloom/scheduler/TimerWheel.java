package io.skyloom.scheduler;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One timer wheel for a node (skynet_timer.c): every sleep, timeout and deadline of every
 * task is an entry here, fired by a single platform thread that only hands the expiry
 * over (a message send or an unpark) and never runs service code. Adding is O(1) from any
 * thread; entries due in the same millisecond fire together, so 100 000 sleepers of one
 * tick cost one wake-up of the timer thread, not 100 000.
 *
 * <p>The wheel itself (slots, current tick) is owned by the timer thread; producers only
 * touch the {@link #incoming} queue and the {@link #idle} flag.
 *
 * <p>A wheel built on a {@link ManualTime} (a node under test with a manual clock) has no
 * thread: its entries wait in the manual time and fire only when a test moves it on.
 */
public final class TimerWheel implements AutoCloseable {

    /** A scheduled expiry; {@link #cancel} withdraws it if it has not fired. */
    public interface Timer {
        void cancel();
    }

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Delays saturate here (about 73 years): longer ones would overflow the tick count and fire at once. */
    public static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 4;
    private static final int SLOTS = 1024;                 // power of two: one turn = 1.024 s
    // SLF4J, as the rest of Skyloom: a System.Logger made java.util.logging start up in
    // every node (30 ms of a 150 ms start, a class-path scan for a LoggerFinder among it).
    private static final Logger LOG = LoggerFactory.getLogger("io.skyloom.timer");

    private final long origin = System.nanoTime();
    private final ManualTime manual;                      // null: real time, on the timer thread
    private final Thread thread;                          // null under manual time
    private final ConcurrentLinkedQueue<Entry> incoming = new ConcurrentLinkedQueue<>();

    // timer thread only
    private final Entry[] slots = new Entry[SLOTS];
    private long doneTick;                                // every tick up to this one has fired

    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean idle;      // the timer thread parks with no deadline: producers unpark it
    private volatile boolean closed;

    public TimerWheel(String nodeName) {
        this(nodeName, null);
    }

    /** A wheel on {@code manual} time when not null (no thread then), else on real time. */
    public TimerWheel(String nodeName, ManualTime manual) {
        this.manual = manual;
        if (manual != null) {
            thread = null;
            return;
        }
        thread = new Thread(this::loop, "timer:" + nodeName);
        thread.setDaemon(true);
        thread.start();
    }

    /** The manual time this wheel runs on, or null when it runs on real time. */
    public ManualTime manualTime() {
        return manual;
    }

    /**
     * Runs {@code expiry} on the timer thread after {@code delayNanos} (rounded up to the
     * millisecond; a delay beyond {@link #MAX_DELAY_NANOS} waits that long, never less).
     * The action must be short and must not block: it hands the event on.
     *
     * @throws RejectedExecutionException when the wheel is closed
     */
    public Timer schedule(long delayNanos, Runnable expiry) {
        if (closed) throw new RejectedExecutionException("timer wheel is closed");
        if (manual != null) return manual.schedule(delayNanos, expiry);
        long due = System.nanoTime() - origin + Math.min(MAX_DELAY_NANOS, Math.max(0, delayNanos));
        Entry e = new Entry((due + TICK_NANOS - 1) / TICK_NANOS, expiry);
        pending.incrementAndGet();
        incoming.offer(e);
        if (idle) LockSupport.unpark(thread);
        return e;
    }

    /** Entries not yet fired or cancelled (a snapshot). */
    public int pending() {
        return manual != null ? manual.pending() : pending.get();
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) LockSupport.unpark(thread);
    }

    private long currentTick() {
        return (System.nanoTime() - origin) / TICK_NANOS;
    }

    private void loop() {
        doneTick = currentTick();
        while (!closed) {
            admitIncoming();
            long now = currentTick();
            while (doneTick < now) fire(++doneTick);
            if (pending.get() == 0) {
                idle = true;
                // Re-check after publishing idle: a producer that missed it has offered already.
                if (incoming.isEmpty() && !closed) LockSupport.park(this);
                idle = false;
                doneTick = Math.max(doneTick, currentTick() - 1);
            } else {
                long nextTickStart = origin + (doneTick + 1) * TICK_NANOS;
                long wait = nextTickStart - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(this, wait);
            }
        }
    }

    private void admitIncoming() {
        Entry e;
        while ((e = incoming.poll()) != null) {
            if (e.action == null) {
                pending.decrementAndGet();
                continue;
            }
            if (e.tick <= doneTick) e.tick = doneTick + 1;   // due already: the next tick fires it
            int i = (int) (e.tick & (SLOTS - 1));
            e.next = slots[i];
            slots[i] = e;
        }
    }

    private void fire(long tick) {
        int i = (int) (tick & (SLOTS - 1));
        Entry e = slots[i];
        Entry keep = null;
        slots[i] = null;
        while (e != null) {
            Entry next = e.next;
            if (e.tick > tick) {                 // a later turn of the wheel
                e.next = keep;
                keep = e;
            } else {
                pending.decrementAndGet();
                Runnable a = e.action;
                if (a != null) runExpiry(a);
            }
            e = next;
        }
        slots[i] = keep;
    }

    static void runExpiry(Runnable action) {
        try {
            action.run();
        } catch (Throwable t) {
            LOG.error("timer action failed", t);
        }
    }

    /**
     * A cancelled entry stays in its slot until its tick, but lets go of its action: a
     * call's deadline holds the call's wait, and through it the reply, so a 30 s timeout
     * kept every reply (an 8 MB array, in bench --harbor) alive for 30 s after its call.
     */
    private static final class Entry implements Timer {
        long tick;                      // timer thread only, once admitted
        Entry next;                     // timer thread only: slot chain
        volatile Runnable action;       // null once cancelled: set by any thread, read by the timer thread

        Entry(long tick, Runnable action) {
            this.tick = tick;
            this.action = action;
        }

        @Override
        public void cancel() {
            action = null;
        }
    }
}
