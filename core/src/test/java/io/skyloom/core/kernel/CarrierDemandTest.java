package io.skyloom.core.kernel;

import io.skyloom.core.*;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every thread counted as waiting for a carrier is uncounted once it runs: after any mix
 * of calls, spins, parks, sleeps, kills and node close the count is back to zero. A
 * count that drifts up would silently switch spinning off; one that drifts down would
 * let runners linger while others wait for a carrier.
 */
class CarrierDemandTest {

    @Test
    void theCountSettlesToZeroAfterCallsSleepsKillsAndClose() throws Exception {
        int before = CarrierDemand.count();
        Node node = Node.start(NodeConfig.builder().thread(2).build());
        int echo = node.newservice("echo", (Context ctx, Message m) -> ctx.ret(m.payload()));
        int relay = node.newservice("relay", (Context ctx, Message m) -> {
            int n = (Integer) m.payload();
            for (int i = 0; i < n; i++) ctx.call(echo, PType.FOREIGN, i);
            ctx.sleep(1, null);
            ctx.ret(n);
        });
        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < 200; c++) {
            callers.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 50; i++) node.call(echo, PType.FOREIGN, i);
            }));
        }
        Thread platform = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 500; i++) node.call(echo, PType.FOREIGN, i);
        });
        assertThat(node.call(relay, PType.FOREIGN, 2_000)).isEqualTo(2_000);
        for (Thread t : callers) assertThat(t.join(java.time.Duration.ofSeconds(30))).isTrue();
        assertThat(platform.join(java.time.Duration.ofSeconds(30))).isTrue();

        // a task parked when its service is killed, and another when the node closes
        CountDownLatch parked = new CountDownLatch(2);
        int sleeper = node.newservice("sleeper", (Context ctx, Message m) -> {
            parked.countDown();
            ctx.sleep(1_000_000, null);
        });
        int other = node.newservice("other", (Context ctx, Message m) -> {
            parked.countDown();
            ctx.sleep(1_000_000, null);
        });
        Future<Object> killed = node.callAsync(sleeper, PType.FOREIGN, "x");
        Future<Object> closed = node.callAsync(other, PType.FOREIGN, "x");
        assertThat(parked.await(10, TimeUnit.SECONDS)).isTrue();
        node.kill(sleeper);
        assertThatThrownBy(() -> killed.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ServiceDeadException.class);
        node.close();
        assertThatThrownBy(() -> closed.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SkyloomException.class);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (CarrierDemand.count() != before && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(CarrierDemand.count()).isEqualTo(before);
    }
}
