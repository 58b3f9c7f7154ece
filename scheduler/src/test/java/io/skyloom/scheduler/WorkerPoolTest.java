package io.skyloom.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void jobsBeyondTheWorkerCountWaitForARelease() {
        WorkerPool pool = new WorkerPool(2);
        List<String> started = new ArrayList<>();
        pool.activate(() -> started.add("a"));
        pool.activate(() -> started.add("b"));
        pool.activate(() -> started.add("c"));
        assertThat(started).containsExactly("a", "b");
        assertThat(pool.idle()).isZero();
        pool.release();                       // a's worker goes straight to c
        assertThat(started).containsExactly("a", "b", "c");
        assertThat(pool.idle()).isZero();
        pool.release();
        pool.release();
        assertThat(pool.idle()).isEqualTo(2);
    }

    @Test
    void aPoolNeedsAtLeastOneWorker() {
        assertThatThrownBy(() -> new WorkerPool(0)).hasMessageContaining("thread");
    }

    /**
     * Stress: many threads activate jobs that each hold a worker briefly and release it.
     * Forbidden outcomes: more jobs running at once than workers, a job never started,
     * a worker lost (idle() != size at the end).
     */
    @Test
    void underContentionNoJobIsLostAndTheBoundHolds() throws Exception {
        int size = 3, threads = 8, perThread = 20_000;
        WorkerPool pool = new WorkerPool(size);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ConcurrentLinkedQueue<Runnable> toRelease = new ConcurrentLinkedQueue<>();
        CountDownLatch finished = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    pool.activate(() -> {
                        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                        // Give the worker back from another thread, as a parked task would.
                        toRelease.add(() -> {
                            running.decrementAndGet();
                            done.incrementAndGet();
                            pool.release();
                        });
                    });
                    Runnable r;
                    while ((r = toRelease.poll()) != null) r.run();
                }
                finished.countDown();
            });
        }
        assertThat(finished.await(60, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (done.get() < threads * perThread && System.nanoTime() < deadline) {
            Runnable r = toRelease.poll();
            if (r != null) r.run();
            else Thread.onSpinWait();
        }
        assertThat(done.get()).isEqualTo(threads * perThread);
        assertThat(maxRunning.get()).isLessThanOrEqualTo(size);
        assertThat(pool.idle()).isEqualTo(size);
    }
}
