package io.skyloom.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaskGroupTest {

    /** A counted task as its owner starts one: its body counts itself down, failures go to the group. */
    static void startCounted(TaskGroup group, String name, Runnable body) {
        group.startCounted(name, () -> {
            try {
                body.run();
            } finally {
                group.countedEnded();
            }
        }, group::uncaught);
    }

    @Test
    void tasksAreNamedVirtualThreadsAndCloseInterruptsAndJoinsThem() throws Exception {
        TaskGroup group = new TaskGroup("n", (t, e) -> {});
        CountDownLatch started = new CountDownLatch(2);
        String[] name = new String[1];
        for (int i = 0; i < 2; i++) {
            group.start("svc:0000000" + i, () -> {
                name[0] = Thread.currentThread().getName();
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException expected) {
                    // closing interrupts us: end
                }
            });
        }
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(name[0]).startsWith("svc:");
        assertThat(group.liveCount()).isEqualTo(2);
        assertThat(group.close(Duration.ofSeconds(5))).isEmpty();
        assertThat(group.liveCount()).isZero();
        assertThatThrownBy(() -> group.start("late", () -> {})).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void closeReportsTasksThatIgnoreTheInterrupt() throws Exception {
        TaskGroup group = new TaskGroup("n", (t, e) -> {});
        CountDownLatch release = new CountDownLatch(1);
        group.start("stubborn", () -> {
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // a task that will not stop
                }
            }
        });
        assertThat(group.close(Duration.ofMillis(50))).extracting(Thread::getName).containsExactly("stubborn");
        release.countDown();
    }

    /** A body that is also its thread's handler, as a service's runner task is. */
    static final class SelfHandled implements Runnable, Thread.UncaughtExceptionHandler {
        final TaskGroup group;
        final CountDownLatch release = new CountDownLatch(1);
        volatile Object handlerSeen;
        volatile Throwable handled;

        SelfHandled(TaskGroup group) {
            this.group = group;
        }

        @Override
        public void run() {
            try {
                handlerSeen = Thread.currentThread().getUncaughtExceptionHandler();
                release.await();
                throw new IllegalStateException("the body failed");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                group.countedEnded();
            }
        }

        @Override
        public void uncaughtException(Thread t, Throwable e) {
            handled = e;
            group.uncaught(t, e);
        }
    }

    @Test
    void aCountedTaskWithItsOwnHandlerIsItsThreadsBodyAndHandlerAndCountsDownItself() throws Exception {
        Throwable[] groupSaw = new Throwable[1];
        CountDownLatch reported = new CountDownLatch(1);
        TaskGroup group = new TaskGroup("n", (t, e) -> {
            groupSaw[0] = e;
            reported.countDown();
        });
        SelfHandled body = new SelfHandled(group);
        group.startCounted("svc:00000002", body, body);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (body.handlerSeen == null) {
            assertThat(System.nanoTime()).as("the body runs").isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(body.handlerSeen).as("the thread's handler is the body itself").isSameAs(body);
        assertThat(group.countedAlive()).isEqualTo(1);
        body.release.countDown();
        assertThat(reported.await(5, TimeUnit.SECONDS)).as("the failure passed on to the group's handler").isTrue();
        assertThat(groupSaw[0]).isSameAs(body.handled).hasMessage("the body failed");
        assertThat(group.countedAlive()).isZero();
        assertThat(group.close(Duration.ofSeconds(5))).isEmpty();
        assertThatThrownBy(() -> group.startCounted("late", body, body)).isInstanceOf(RejectedExecutionException.class);
        assertThat(group.countedAlive()).as("a refused start counts nothing").isZero();
    }

    @Test
    void closeWaitsForCountedTasksWithoutInterruptingThem() throws Exception {
        TaskGroup group = new TaskGroup("n", (t, e) -> {});
        CountDownLatch started = new CountDownLatch(1), release = new CountDownLatch(1);
        boolean[] interrupted = new boolean[1];
        startCounted(group, "svc:00000001", () -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted[0] = true;
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(group.liveCount()).isEqualTo(1);
        // the owner ends its counted task while close waits
        Thread.ofVirtual().start(() -> {
            while (!group.isClosed()) Thread.onSpinWait();
            release.countDown();
        });
        assertThat(group.close(Duration.ofSeconds(5))).isEmpty();
        assertThat(group.countedAlive()).isZero();
        assertThat(interrupted[0]).isFalse();
        assertThatThrownBy(() -> startCounted(group, "late", () -> {})).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void closeGivesUpOnACountedTaskAtTheDeadline() throws Exception {
        TaskGroup group = new TaskGroup("n", (t, e) -> {});
        CountDownLatch release = new CountDownLatch(1);
        startCounted(group, "stubborn", () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long t0 = System.nanoTime();
        group.close(Duration.ofMillis(100));
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(group.countedAlive()).isEqualTo(1);
        release.countDown();
    }

    /** As the JDK reads jdk.trackAllThreads: unset, empty or true tracks every thread, so nothing may be dropped. */
    @Test
    void onlyAnExplicitNoToThreadTrackingLetsOwnersDropTasks() {
        assertThat(TaskGroup.dropsUnreachable(null)).isFalse();
        assertThat(TaskGroup.dropsUnreachable("")).isFalse();
        assertThat(TaskGroup.dropsUnreachable("true")).isFalse();
        assertThat(TaskGroup.dropsUnreachable("TRUE")).isFalse();
        assertThat(TaskGroup.dropsUnreachable("false")).isTrue();
    }

    @Test
    void aDroppedCountedTaskIsNoLongerWaitedFor() throws Exception {
        TaskGroup group = new TaskGroup("t", (t, e) -> {});
        CountDownLatch never = new CountDownLatch(1);
        startCounted(group, "parked", () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        group.dropCounted();
        assertThat(group.close(Duration.ofSeconds(30))).isEmpty();
        assertThat(group.countedAlive()).isZero();
        never.countDown();
    }
}
