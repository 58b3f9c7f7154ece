package io.skyloom.scheduler;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * skynet's worker threads, as permits. A service may run only while it holds a
 * worker; a task that parks gives its worker away, so {@code size} bounds how many
 * services run at once, never how many wait. Services that want to run while no
 * worker is free wait in the ready queue (skynet's global queue) and get the next
 * worker that is released.
 *
 * <p>Thread-safe and lock-free; {@link Job#start} is called on whatever thread hands
 * the worker over and must not block.
 */
public final class WorkerPool {

    /** Something that can take a worker: starts or unparks the task that will use it. */
    @FunctionalInterface
    public interface Job {
        /** Called with a worker held for this job. Must not block. */
        void start();
    }

    private final int size;
    private final ConcurrentLinkedQueue<Job> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger free;     // permits not held by any job

    public WorkerPool(int size) {
        if (size <= 0) throw new IllegalArgumentException("thread must be > 0, was " + size);
        this.size = size;
        this.free = new AtomicInteger(size);
    }

    public int size() {
        return size;
    }

    /** Workers not held right now (a snapshot, for tests and monitoring). */
    public int idle() {
        return free.get();
    }

    /** True while some job waits for a worker (a snapshot). */
    public boolean hasWaiting() {
        return !ready.isEmpty();
    }

    /** Starts the job on a free worker now, or queues it for the next one released. */
    public void activate(Job job) {
        if (tryTake()) {
            job.start();
            return;
        }
        ready.offer(job);
        // A worker may have been released between the failed take and the offer;
        // whoever releases checks the queue after freeing, so only this case remains.
        if (tryTake()) {
            Job next = ready.poll();
            if (next != null) next.start();
            else release();
        }
    }

    /** Gives a worker back: hands it straight to the oldest queued job, if any. */
    public void release() {
        for (;;) {
            Job next = ready.poll();
            if (next != null) {
                next.start();
                return;
            }
            free.incrementAndGet();
            // A job queued after our poll and before the increment would otherwise
            // wait for the next release: take the worker back and look again.
            if (ready.isEmpty() || !tryTake()) return;
        }
    }

    private boolean tryTake() {
        for (;;) {
            int n = free.get();
            if (n == 0) return false;
            if (free.compareAndSet(n, n - 1)) return true;
        }
    }
}
