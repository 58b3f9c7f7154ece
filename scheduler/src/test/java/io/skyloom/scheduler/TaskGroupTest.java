package io.skyloom.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaskGroupTest {

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
}
