package io.skyloom.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The virtual threads one node started. Every task of a node (a service's message
 * handler, a timer callback, a gateway handler, a spawned task) starts here so that
 * closing the node can interrupt and join all of them with a deadline.
 *
 * <p>Two kinds: {@link #start kept} tasks, which closing interrupts and joins one by one,
 * and {@link #startCounted counted} ones, which closing only waits for, because their
 * owner ends them (a service's runners end when the service dies). A service runner
 * starts and ends for every message that finds the service idle; keeping it in a
 * concurrent set cost 5 % of the sleepers benchmark.
 *
 * <p>Thread-safe. Tasks are named after what they serve so a thread dump reads like
 * the node.
 */
public final class TaskGroup {

    // The JDK tracks every virtual thread (ThreadContainers) unless jdk.trackAllThreads is
    // set and not "true"; read once, as the JDK does.
    private static final boolean DROPS_UNREACHABLE = dropsUnreachable(System.getProperty("jdk.trackAllThreads"));

    private final String nodeName;
    private final Thread.UncaughtExceptionHandler uncaught;
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();
    // Counted tasks not yet ended. Not a LongAdder: every counted task is a new thread, and a
    // LongAdder seeds a new thread's probe on its first contended add (15 % of sleepers).
    private final AtomicInteger counted = new AtomicInteger();
    private final ReentrantLock endLock = new ReentrantLock();
    private final Condition countedEnded = endLock.newCondition();
    private volatile boolean closed;      // read by starters to refuse new tasks, by enders to signal

    public TaskGroup(String nodeName, Thread.UncaughtExceptionHandler uncaught) {
        this.nodeName = nodeName;
        this.uncaught = uncaught;
    }

    /** Starts a virtual thread named {@code name} running {@code body}. */
    public Thread start(String name, Runnable body) {
        if (closed) throw new RejectedExecutionException("node " + nodeName + " is closed");
        Thread t = Thread.ofVirtual().name(name).uncaughtExceptionHandler(uncaught).unstarted(() -> {
            try {
                body.run();
            } finally {
                live.remove(Thread.currentThread());
            }
        });
        live.add(t);
        t.start();
        return t;
    }

    /**
     * Starts a counted task: closing waits (within its deadline) for it to end but does
     * not interrupt it; whoever started it must make it end. Nothing is put around
     * {@code body}: it must call {@link #countedEnded} when it ends, in a finally, and
     * {@code handler} is its thread's uncaught-exception handler (pass it on to
     * {@link #uncaught}). Counted tasks are the ones a node holds many of at once, parked
     * (a service's runners): a wrapper cost each 24 bytes and a frame of its parked
     * stack, and the handler's slot lets the kernel find its task from the thread with no
     * thread-local map (136 bytes a thread).
     */
    public void startCounted(String name, Runnable body, Thread.UncaughtExceptionHandler handler) {
        if (closed) throw new RejectedExecutionException("node " + nodeName + " is closed");
        counted.incrementAndGet();
        Thread t = Thread.ofVirtual().name(name).uncaughtExceptionHandler(handler).unstarted(body);
        try {
            t.start();
        } catch (RuntimeException | Error e) {
            counted.decrementAndGet();
            throw e;
        }
    }

    /** A counted task started with a handler of its own ended (its body's finally). */
    public void countedEnded() {
        counted.decrementAndGet();
        // After closed is published the closer may wait: tell it. Before, nobody waits.
        if (closed) signalCountedEnded();
    }

    /** What this group does with a task's uncaught exception: for handlers of counted tasks to pass it on. */
    public void uncaught(Thread t, Throwable e) {
        uncaught.uncaughtException(t, e);
    }

    /**
     * A counted task that will never run again has been let go by its owner (a task of
     * an exited service, parked where nothing needs unwinding: see
     * {@link #dropsUnreachableThreads}): closing no longer waits for it. Its body's own end
     * never comes, so this is its only count down.
     */
    public void dropCounted() {
        counted.decrementAndGet();
        if (closed) signalCountedEnded();
    }

    /**
     * True when this JVM lets the garbage collector take a parked virtual thread that
     * nothing references ({@code -Djdk.trackAllThreads=false}, which Skyloom's launcher
     * and tests set): only then may an owner drop such a thread instead of resuming it to
     * end. By default the JDK keeps every virtual thread started with the Thread API in a
     * set of its own, for thread dumps, and a dropped one would stay there for good.
     */
    public static boolean dropsUnreachableThreads() {
        return DROPS_UNREACHABLE;
    }

    static boolean dropsUnreachable(String trackAllThreads) {
        return trackAllThreads != null && !trackAllThreads.isEmpty() && !Boolean.parseBoolean(trackAllThreads);
    }

    private void signalCountedEnded() {
        endLock.lock();
        try {
            countedEnded.signalAll();
        } finally {
            endLock.unlock();
        }
    }

    /** Tasks alive now, kept and counted (a snapshot). */
    public int liveCount() {
        return live.size() + counted.get();
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Refuses new tasks, interrupts every live one, and waits until all ended or the
     * deadline passed.
     *
     * @return the tasks still alive at the deadline (empty when all ended)
     */
    public List<Thread> close(Duration deadline) {
        return close(deadline, false);
    }

    /**
     * As {@link #close(Duration)}; {@code fromCountedTask} says the caller is itself a
     * counted task, which closing must not wait for.
     */
    public List<Thread> close(Duration deadline, boolean fromCountedTask) {
        closed = true;
        long end = System.nanoTime() + deadline.toNanos();
        Thread self = Thread.currentThread();
        for (Thread t : List.copyOf(live)) {
            if (t != self) t.interrupt();
        }
        List<Thread> stuck = new ArrayList<>();
        for (Thread t : List.copyOf(live)) {
            if (t == self) continue;
            long left = end - System.nanoTime();
            try {
                if (left <= 0 || !t.join(Duration.ofNanos(left))) stuck.add(t);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stuck.add(t);
            }
        }
        awaitCounted(end, fromCountedTask ? 1 : 0);
        return stuck;
    }

    /** Counted tasks still alive (a snapshot): after close, those that outlived its deadline. */
    public int countedAlive() {
        return counted.get();
    }

    private void awaitCounted(long end, int self) {
        endLock.lock();
        try {
            for (long left; counted.get() > self && (left = end - System.nanoTime()) > 0; )
                countedEnded.awaitNanos(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            endLock.unlock();
        }
    }
}
