package io.skyloom.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * The virtual threads one node started. Every task of a node (a service's message
 * handler, a timer callback, a gateway handler, a spawned task) starts here so that
 * closing the node can interrupt and join all of them with a deadline.
 *
 * <p>Thread-safe. Tasks are named after what they serve so a thread dump reads like
 * the node.
 */
public final class TaskGroup {

    private final String nodeName;
    private final Thread.UncaughtExceptionHandler uncaught;
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;      // read by starters to refuse new tasks

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

    /** Tasks alive now (a snapshot). */
    public int liveCount() {
        return live.size();
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
        return stuck;
    }
}
