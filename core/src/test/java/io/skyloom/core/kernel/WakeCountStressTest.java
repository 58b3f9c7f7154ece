package io.skyloom.core.kernel;

import io.skyloom.core.*;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Wakers race waiters that spin, arm, park and settle. Forbidden outcomes: a waiter that
 * never wakes (a lost wake-up: the test's joins time out), and a CarrierDemand count that
 * does not come back to where it was (a wake-up counted without its uncount, or the
 * reverse).
 */
class WakeCountStressTest {

    /** One waiter's side: waits for `round` to reach each value the waker publishes. */
    static final class Pair {
        final WakeCount wakes = new WakeCount();
        volatile int round;
        volatile Thread waiter;
    }

    @Test
    void everyWakeUpIsCountedOnceAndNoneIsLost() throws Exception {
        int before = CarrierDemand.count();
        int pairs = 16, rounds = 20_000;
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            Pair pair = new Pair();
            boolean spinFirst = p % 2 == 0;     // half the waiters spin a little, as ReplySpin does
            Thread w = Thread.ofVirtual().unstarted(() -> {
                for (int r = 1; r <= rounds; r++) {
                    for (int s = 0; spinFirst && s < 20 && pair.round < r; s++) Thread.onSpinWait();
                    while (pair.round < r) {
                        pair.wakes.arm();
                        if (pair.round < r) LockSupport.park(pair);
                        pair.wakes.settle();
                    }
                }
            });
            pair.waiter = w;
            Thread k = Thread.ofVirtual().unstarted(() -> {
                for (int r = 1; r <= rounds; r++) {
                    pair.round = r;
                    pair.wakes.wake(pair.waiter);
                    if ((r & 63) == 0) Thread.yield();
                }
            });
            threads.add(w);
            threads.add(k);
        }
        for (Thread t : threads) t.start();
        for (Thread t : threads) assertThat(t.join(Duration.ofSeconds(60))).as("%s ended", t).isTrue();
        assertThat(CarrierDemand.count()).isEqualTo(before);
    }
}
