package io.skyloom.scheduler;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Virtual time for a node under test: a {@link TimerWheel} built on it has no timer
 * thread, and its entries fire only when a test moves this time on with
 * {@link #fireNext}, on the thread that moves it, in the order they fall due (entries due
 * at the same instant in the order they were scheduled). {@link NodeClock} reads
 * {@link #nanos} instead of {@link System#nanoTime}. Time starts at 0.
 *
 * <p>Thread-safe: the queue is guarded by {@link #lock}; any thread may schedule, one
 * thread at a time moves time (guarded by {@link #moving}); expiries run outside the
 * queue's lock, so an expiry may schedule again.
 */
public final class ManualTime {

    private static final Comparator<Entry> ORDER =
            Comparator.<Entry>comparingLong(e -> e.due).thenComparingLong(e -> e.seq);

    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock moving = new ReentrantLock();
    private final PriorityQueue<Entry> queue = new PriorityQueue<>(ORDER);   // lock
    private long seq;                                                       // lock
    private final AtomicInteger live = new AtomicInteger();   // scheduled, neither fired nor cancelled
    private volatile long now;      // written by the mover under lock; read by clocks on any thread

    /** Virtual nanoseconds since this time began. */
    public long nanos() {
        return now;
    }

    /** Entries not yet fired or cancelled (a snapshot). */
    public int pending() {
        return live.get();
    }

    /** When the earliest live entry falls due, in virtual nanoseconds; -1 when none. */
    public long nextDue() {
        lock.lock();
        try {
            dropCancelled();
            Entry e = queue.peek();
            return e == null ? -1 : e.due;
        } finally {
            lock.unlock();
        }
    }

    TimerWheel.Timer schedule(long delayNanos, Runnable expiry) {
        lock.lock();
        try {
            long delay = Math.min(TimerWheel.MAX_DELAY_NANOS, Math.max(0, delayNanos));
            Entry e = new Entry(now + delay, seq++, expiry);
            queue.add(e);
            live.incrementAndGet();
            return e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves time to the earliest instant, no later than {@code limitNanos}, at which
     * entries fall due, and fires every entry due then; when none is due by the limit,
     * moves time to the limit (never backwards) and returns false. Entries an expiry
     * schedules for the same instant fire in this same step.
     */
    public boolean fireNext(long limitNanos) {
        moving.lock();
        try {
            Entry first = pollDue(limitNanos, Long.MAX_VALUE);
            if (first == null) {
                lock.lock();
                try {
                    if (limitNanos > now) now = limitNanos;
                } finally {
                    lock.unlock();
                }
                return false;
            }
            long instant = first.due;
            for (Entry e = first; e != null; e = pollDue(instant, instant)) e.fire();
            return true;
        } finally {
            moving.unlock();
        }
    }

    /** Takes the earliest live entry due by {@code limit} and sets now to its due; null if none. */
    private Entry pollDue(long limit, long sameInstant) {
        lock.lock();
        try {
            dropCancelled();
            Entry e = queue.peek();
            if (e == null || e.due > limit || (sameInstant != Long.MAX_VALUE && e.due != sameInstant)) return null;
            queue.poll();
            if (e.due > now) now = e.due;
            return e;
        } finally {
            lock.unlock();
        }
    }

    private void dropCancelled() {
        while (!queue.isEmpty() && queue.peek().state.get() != Entry.LIVE) queue.poll();
    }

    private final class Entry implements TimerWheel.Timer {
        static final int LIVE = 0, FIRED = 1, CANCELLED = 2;
        final long due;
        final long seq;
        final Runnable action;
        final AtomicInteger state = new AtomicInteger(LIVE);   // any thread cancels, the mover fires

        Entry(long due, long seq, Runnable action) {
            this.due = due;
            this.seq = seq;
            this.action = action;
        }

        void fire() {
            if (!state.compareAndSet(LIVE, FIRED)) return;
            live.decrementAndGet();
            TimerWheel.runExpiry(action);
        }

        @Override
        public void cancel() {
            if (state.compareAndSet(LIVE, CANCELLED)) live.decrementAndGet();
        }
    }
}
