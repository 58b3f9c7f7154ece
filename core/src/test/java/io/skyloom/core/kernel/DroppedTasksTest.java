package io.skyloom.core.kernel;

import io.skyloom.core.*;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.scheduler.TaskGroup;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A service that exits with tasks parked in {@link TaskContext#awaitDroppable} or
 * {@link TaskContext#sleepDroppable} drops them: they are never resumed (no finally under
 * the park runs), closing waits for none of them, and the collector takes their threads,
 * which the suite's {@code -Djdk.trackAllThreads=false} lets it. A task parked in a plain
 * await still unwinds.
 */
class DroppedTasksTest {

    static final int T = PType.FOREIGN;
    static final int PARKED = 500;
    final Node node = Node.start(NodeConfig.builder().thread(2).build());

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void theSuiteRunsWhereUnreferencedVirtualThreadsAreCollected() {
        assertThat(TaskGroup.dropsUnreachableThreads()).as("-Djdk.trackAllThreads=false (skyloom.jvm.flags)").isTrue();
    }

    @Test
    void anExitedServicesDroppableTasksAreNeverResumedAndTheirThreadsAreCollected() throws Exception {
        Queue<WeakReference<Thread>> threads = new ConcurrentLinkedQueue<>();
        CountDownLatch parked = new CountDownLatch(2 * PARKED + 1);
        AtomicInteger droppedFinally = new AtomicInteger();
        CountDownLatch unwound = new CountDownLatch(1);
        int before = node.tasks().liveCount();
        int svc = node.newservice("waiters", (Context ctx, Message m) -> {
            TaskContext t = (TaskContext) ctx;
            parked.countDown();
            switch ((String) m.payload()) {
                case "wait" -> {
                    threads.add(new WeakReference<>(Thread.currentThread()));
                    try {
                        t.awaitDroppable(new Object());
                    } finally {
                        droppedFinally.incrementAndGet();
                    }
                }
                case "sleep" -> {
                    threads.add(new WeakReference<>(Thread.currentThread()));
                    try {
                        t.sleepDroppable(Long.MAX_VALUE, null);
                    } finally {
                        droppedFinally.incrementAndGet();
                    }
                }
                default -> {
                    try {
                        t.await(new Object());
                    } finally {
                        unwound.countDown();
                    }
                }
            }
        });
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < PARKED; i++) {
            calls.add(node.callAsync(svc, T, "wait"));
            calls.add(node.callAsync(svc, T, "sleep"));
        }
        calls.add(node.callAsync(svc, T, "await"));
        assertThat(parked.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<String> exited = node.whenExited(svc);
        node.kill(svc);
        assertThat(exited.get(30, TimeUnit.SECONDS)).isEqualTo("killed");
        assertThat(unwound.await(30, TimeUnit.SECONDS)).as("a plain await unwinds").isTrue();
        for (CompletableFuture<Object> c : calls) {
            try {
                c.get(30, TimeUnit.SECONDS);
                throw new AssertionError("a call to the killed service returned");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ServiceDeadException.class);
            }
        }
        awaitTrue(() -> node.tasks().liveCount() == before, "the node counts none of the dropped tasks");
        awaitTrue(() -> {
            System.gc();
            return threads.stream().allMatch(r -> r.get() == null);
        }, "the dropped tasks' threads are collected");
        assertThat(droppedFinally).as("no finally under a dropped park ran").hasValue(0);
    }

    @Test
    void closingANodeWithDroppableTasksParkedLeavesNoneRunning() throws Exception {
        CountDownLatch parked = new CountDownLatch(PARKED);
        int svc = node.newservice("waiters", (Context ctx, Message m) -> {
            parked.countDown();
            ((TaskContext) ctx).awaitDroppable(new Object());
        });
        for (int i = 0; i < PARKED; i++) node.send(svc, T, "wait");
        assertThat(parked.await(30, TimeUnit.SECONDS)).isTrue();
        node.close();
        assertThat(node.tasks().countedAlive()).isZero();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("not within 30 s: " + what);
            Thread.sleep(10);
        }
    }
}
