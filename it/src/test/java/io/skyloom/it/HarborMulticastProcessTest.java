package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.core.Handle;
import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.ForkedNode;
import io.skyloom.junit.Harbor;
import io.skyloom.junit.SkyloomTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * skynet.multicast and skynet.datacenter between this JVM's node (id 1) and node 2 in a
 * second JVM: a channel of each node used from the other, one order for everyone,
 * node 1's datacenter from node 2, and node 2 killed under a publisher.
 */
@SkyloomTest(harbor = true, servicePath = "src/test/resources/lua")
class HarborMulticastProcessTest {

    static final Path PEER = Path.of("src/test/resources/lua/harbor_mc_peer.lua");

    static long number(Object o) {
        return ((Number) o).longValue();
    }

    static Object[] on(Skyloom node, long driver, Object... args) {
        return node.foreign().call(HarborMulticastTest.LIMIT, (int) driver, (String) args[0],
                java.util.Arrays.copyOfRange(args, 1, args.length));
    }

    @Test
    void channelsDatacenterAndAKilledSubscriberNodeAcrossTwoProcesses(Skyloom one, Harbor harbor) throws Exception {
        int driver1 = one.newservice("harbor_mc");
        ForkedNode peer = harbor.fork(2, PEER);
        List<String> ready = peer.ready(Duration.ofSeconds(60));
        long driver2 = Long.parseLong(ready.get(0));
        long ch2 = Long.parseLong(ready.get(1));
        long sub2 = Long.parseLong(ready.get(2));
        assertThat(Handle.nodeId((int) driver2)).isEqualTo(2);
        assertThat(ch2 % 256).isEqualTo(2);

        // node 2's channel: a subscriber here, publishers on both sides, one order for both subscribers
        long sub1 = number(on(one, driver1, "sub", ch2)[0]);
        CompletableFuture<Object[]> a = one.foreign().callAsync(driver1, "pub", ch2, "a", 1L, 30L);
        on(one, driver2, "pub", ch2, "b", 1L, 30L);
        a.get(20, TimeUnit.SECONDS);
        assertThat(on(one, driver1, "await_count", sub1, 60L)).containsExactly(60L);
        assertThat(on(one, driver2, "await_count", sub2, 60L)).containsExactly(60L);
        Object log1 = on(one, driver1, "log", sub1)[0];
        assertThat(log1).isEqualTo(on(one, driver2, "log", sub2)[0]);
        HarborMulticastTest.Seen seen = HarborMulticastTest.seen(log1);
        assertThat(seen.numbers().get("a")).isEqualTo(HarborMulticastTest.oneTo(30));
        assertThat(seen.numbers().get("b")).isEqualTo(HarborMulticastTest.oneTo(30));
        assertThat(seen.sources()).containsEntry("a", (long) driver1).containsEntry("b", driver2);

        // node 1's datacenter, from node 2: a wait that parks until node 1 sets, then a set node 1 reads
        on(one, driver1, "dc_set", "boot", 1L);
        CompletableFuture<Object[]> waiting = one.foreign().callAsync((int) driver2, "dc_wait", "later");
        assertThat(on(one, driver1, "dc_await_waiters", 1L)).containsExactly(1L);
        on(one, driver1, "dc_set", "later", "set on node 1");
        assertThat(waiting.get(20, TimeUnit.SECONDS)).containsExactly("set on node 1");
        assertThat(on(one, driver2, "dc_set", "boot", 2L)).containsExactly(1L);
        assertThat(on(one, driver1, "dc_get", "boot")).containsExactly(2L);

        // a channel of node 1 with subscribers on both nodes; node 2 dies (kill -9) and the publisher goes on
        long ch1 = number(on(one, driver1, "new")[0]);
        long here = number(on(one, driver1, "sub", ch1)[0]);
        on(one, driver2, "sub", ch1);
        assertThat(on(one, driver1, "size", ch1)).containsExactly(1L, 1L);
        peer.kill();
        long i = 0;
        while (number(on(one, driver1, "size", ch1)[1]) > 0) {
            assertThat(++i).as("node 2 still counted after %d publishes", i).isLessThan(100_000);
            on(one, driver1, "pub", ch1, "n", i, i);
        }
        on(one, driver1, "pub", ch1, "n", i + 1, i + 1);
        assertThat(on(one, driver1, "count", here)).containsExactly(i + 1);
        assertThat(on(one, driver1, "size", ch1)).containsExactly(1L, 0L);
    }
}
