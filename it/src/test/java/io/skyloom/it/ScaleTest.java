package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.core.Context;
import io.skyloom.core.Message;
import io.skyloom.core.NodeConfig;
import io.skyloom.core.Responder;
import io.skyloom.foreign.Skyloom;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Blocking is parking: many waiting calls cost no platform threads. */
class ScaleTest {

    static final int THREAD = 2;
    static final int CALLERS = 100_000;

    @Test
    void aHundredThousandBlockedCallsHoldNoPlatformThreads() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (Skyloom node = Skyloom.start(NodeConfig.builder().thread(THREAD).build())) {
            // The service keeps every request open until all have arrived, so every
            // caller is parked in foreign.call at the same moment.
            List<Responder> held = new ArrayList<>();
            CountDownLatch allHeld = new CountDownLatch(1);
            int holder = node.newservice("holder", (Context ctx, Message m) -> {
                held.add(ctx.response());
                if (held.size() == CALLERS) {
                    allHeld.countDown();
                    for (Responder r : held) r.ok(new Object[] {"released"});
                }
            });
            AtomicLong maxPlatform = new AtomicLong(mx.getThreadCount());
            AtomicInteger done = new AtomicInteger();
            Thread sampler = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    maxPlatform.accumulateAndGet(mx.getThreadCount(), Math::max);
                    try {
                        Thread.sleep(1);   // a sampling period, not a wait for a condition
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            CountDownLatch finished = new CountDownLatch(CALLERS);
            for (int i = 0; i < CALLERS; i++) {
                Thread.ofVirtual().start(() -> {
                    try {
                        if ("released".equals(node.foreign().call(holder, "hold")[0])) done.incrementAndGet();
                    } finally {
                        finished.countDown();
                    }
                });
            }
            assertThat(allHeld.await(120, TimeUnit.SECONDS)).as("all callers parked in foreign.call").isTrue();
            assertThat(finished.await(120, TimeUnit.SECONDS)).isTrue();
            sampler.interrupt();
            sampler.join(Duration.ofSeconds(5));
            assertThat(done.get()).isEqualTo(CALLERS);
            assertThat(maxPlatform.get()).as("platform threads at most thread + 16").isLessThanOrEqualTo(THREAD + 16);
        }
    }
}
