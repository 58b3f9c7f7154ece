package io.skyloom.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    final TimerWheel timers = new TimerWheel("test");

    @AfterEach
    void close() {
        timers.close();
    }

    @Test
    void aBodyThatFinishesInTimeReturnsItsValueAndLeavesNoInterrupt() throws Exception {
        assertThat(Deadline.within(timers, Duration.ofSeconds(5), () -> 42)).isEqualTo(42);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aBodyThatBlocksTooLongIsInterruptedAndTimesOut() {
        CountDownLatch never = new CountDownLatch(1);
        assertThatThrownBy(() -> Deadline.within(timers, Duration.ofMillis(50), () -> { never.await(); return 1; }))
                .isInstanceOf(TimeoutException.class).hasCauseInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aBodysOwnFailurePassesThrough() {
        assertThatThrownBy(() -> Deadline.within(timers, Duration.ofSeconds(5), () -> { throw new IllegalStateException("own"); }))
                .isInstanceOf(IllegalStateException.class).hasMessage("own");
    }
}
