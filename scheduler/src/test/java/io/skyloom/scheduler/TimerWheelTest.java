package io.skyloom.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimerWheelTest {

    final TimerWheel wheel = new TimerWheel("test");

    @AfterEach
    void close() {
        wheel.close();
    }

    @Test
    void anEntryFiresNoEarlierThanItsDelay() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        long[] at = new long[1];
        long t0 = System.nanoTime();
        wheel.schedule(TimeUnit.MILLISECONDS.toNanos(30), () -> { at[0] = System.nanoTime(); fired.countDown(); });
        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(at[0] - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
        assertThat(wheel.pending()).isZero();
    }

    /** A call's deadline captures its wait and reply: cancelled, it must not keep them until it is due. */
    @Test
    void aCancelledEntryLetsGoOfWhatItsActionHolds() throws Exception {
        java.lang.ref.WeakReference<Object> ref = scheduleHolding(new byte[1 << 20]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ref.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(ref.get()).as("collected while its cancelled entry waits for its tick").isNull();
    }

    /**
     * Schedules an entry whose action holds {@code held}, waits until the wheel took it in
     * (a later, short entry fired), then cancels it; only a weak reference to it is left.
     */
    private java.lang.ref.WeakReference<Object> scheduleHolding(Object held) throws InterruptedException {
        TimerWheel.Timer t = wheel.schedule(TimeUnit.SECONDS.toNanos(60), () -> System.out.println(held));
        CountDownLatch after = new CountDownLatch(1);
        wheel.schedule(TimeUnit.MILLISECONDS.toNanos(1), after::countDown);
        assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
        t.cancel();
        return new java.lang.ref.WeakReference<>(held);
    }

    @Test
    void entriesBeyondOneTurnOfTheWheelWaitForTheirTurn() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        long t0 = System.nanoTime();
        wheel.schedule(TimeUnit.MILLISECONDS.toNanos(1100), fired::countDown);
        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1100));
    }

    @Test
    void aCancelledEntryNeverFires() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch later = new CountDownLatch(1);
        wheel.schedule(TimeUnit.MILLISECONDS.toNanos(20), runs::incrementAndGet).cancel();
        wheel.schedule(TimeUnit.MILLISECONDS.toNanos(40), later::countDown);
        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runs.get()).isZero();
    }

    /** Many producers at once; forbidden outcome: an entry lost or fired twice. */
    @Test
    void manyProducersLoseNoEntry() throws Exception {
        int threads = 4, each = 25_000;
        AtomicInteger fired = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(threads * each);
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++)
                    wheel.schedule(TimeUnit.MILLISECONDS.toNanos(i % 20), () -> { fired.incrementAndGet(); all.countDown(); });
            });
        }
        assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(fired.get()).isEqualTo(threads * each);
    }

    @Test
    void aClosedWheelRefusesEntries() {
        wheel.close();
        assertThatThrownBy(() -> wheel.schedule(1, () -> {})).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aDelayTooLongToCountWaitsInsteadOfFiringAtOnce() throws Exception {
        AtomicInteger early = new AtomicInteger();
        wheel.schedule(Long.MAX_VALUE, early::incrementAndGet);
        wheel.schedule(Long.MAX_VALUE / 2, early::incrementAndGet);
        wheel.schedule(TimerWheel.MAX_DELAY_NANOS + 1, early::incrementAndGet);
        CountDownLatch later = new CountDownLatch(1);
        wheel.schedule(TimeUnit.MILLISECONDS.toNanos(20), later::countDown);
        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        // the overflowing ones would have fired in the first tick, before the 20 ms one
        assertThat(early.get()).isZero();
        assertThat(wheel.pending()).isEqualTo(3);
    }
}
