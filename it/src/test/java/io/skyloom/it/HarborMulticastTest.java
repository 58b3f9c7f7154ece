package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.core.Handle;
import io.skyloom.core.NodeConfig;
import io.skyloom.foreign.Skyloom;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * skynet.multicast and skynet.datacenter across two harbor nodes in this JVM, on one
 * transport folder (Chronicle frames and the pack's byte form, as between processes):
 * channels of one node used from the other, order, unsubscribing, deleting, a node that
 * goes away, and node 1's datacenter read and written from node 2.
 */
class HarborMulticastTest {

    static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path folder;

    Skyloom one;
    Skyloom two;
    int driver1;
    int driver2;

    Skyloom node(int id) {
        return Skyloom.start(NodeConfig.builder().thread(2).nodeId(id).transport(folder)
                .servicePath(LuaServiceTest.LUA_DIR + "/?.lua").build());
    }

    @BeforeEach
    void start() {
        one = node(1);
        two = node(2);
        driver1 = one.newservice("harbor_mc");
        driver2 = two.newservice("harbor_mc");
    }

    @AfterEach
    void close() {
        if (two != null) two.close();
        if (one != null) one.close();
    }

    static Object[] on(Skyloom node, int driver, Object... args) {
        return node.foreign().call(LIMIT, driver, (String) args[0], java.util.Arrays.copyOfRange(args, 1, args.length));
    }

    static long number(Object o) {
        return ((Number) o).longValue();
    }

    /** Each tag's numbers in the order the subscriber got them, and the source of each tag. */
    record Seen(Map<String, List<Long>> numbers, Map<String, Long> sources) {}

    @SuppressWarnings("unchecked")
    static Seen seen(Object log) {
        Map<String, List<Long>> numbers = new HashMap<>();
        Map<String, Long> sources = new HashMap<>();
        for (Object o : (List<Object>) log) {
            Map<String, Object> m = (Map<String, Object>) o;
            List<Object> values = (List<Object>) m.get("values");
            String tag = (String) values.get(0);
            numbers.computeIfAbsent(tag, k -> new ArrayList<>()).add(number(values.get(1)));
            Long before = sources.put(tag, number(m.get("source")));
            if (before != null && before != number(m.get("source"))) sources.put(tag, -1L);
        }
        return new Seen(numbers, sources);
    }

    static List<Long> oneTo(int n) {
        List<Long> l = new ArrayList<>();
        for (long i = 1; i <= n; i++) l.add(i);
        return l;
    }

    @Test
    void aChannelOfNode1ReachesSubscribersOfBothNodesInOrderWhoeverPublishes() throws Exception {
        long ch = number(on(one, driver1, "new")[0]);
        assertThat(ch % 256).isEqualTo(1);   // the channel id carries its node
        long here = number(on(one, driver1, "sub", ch)[0]);
        long there = number(on(two, driver2, "sub", ch)[0]);
        assertThat(Handle.nodeId((int) there)).isEqualTo(2);
        assertThat(on(one, driver1, "size", ch)).containsExactly(1L, 1L);   // one service here, one other node

        // publishers on both nodes at once: a service of each that publishes and exits, and both drivers
        long pub1 = number(on(one, driver1, "pub_beside", ch, 40L, "p1")[0]);
        long pub2 = number(on(two, driver2, "pub_beside", ch, 40L, "p2")[0]);
        CompletableFuture<Object[]> d1 = one.foreign().callAsync(driver1, "pub", ch, "d1", 1L, 40L);
        on(two, driver2, "pub", ch, "d2", 1L, 40L);
        d1.get(20, TimeUnit.SECONDS);

        for (var sub : List.of(new Object[] {one, driver1, here}, new Object[] {two, driver2, there})) {
            Skyloom n = (Skyloom) sub[0];
            int d = (int) sub[1];
            assertThat(on(n, d, "await_count", sub[2], 160L)).containsExactly(160L);
            Seen s = seen(on(n, d, "log", sub[2])[0]);
            for (String tag : List.of("p1", "p2", "d1", "d2"))
                assertThat(s.numbers().get(tag)).as(tag).isEqualTo(oneTo(40));
            assertThat(s.sources()).containsEntry("p1", pub1).containsEntry("p2", pub2)
                    .containsEntry("d1", (long) driver1).containsEntry("d2", (long) driver2);
        }
    }

    @Test
    void everySubscriberSeesTheMessagesOfTwoNodesInTheSameOrder() {
        long ch = number(on(two, driver2, "new")[0]);
        assertThat(ch % 256).isEqualTo(2);
        long a = number(on(one, driver1, "sub", ch)[0]);
        long b = number(on(two, driver2, "sub", ch)[0]);
        on(one, driver1, "pub_beside", ch, 30L, "x");
        on(two, driver2, "pub_beside", ch, 30L, "y");
        assertThat(on(one, driver1, "await_count", a, 60L)).containsExactly(60L);
        assertThat(on(two, driver2, "await_count", b, 60L)).containsExactly(60L);
        // every publish passes the owner (node 2) first, so both logs are one order
        assertThat(on(one, driver1, "log", a)[0]).isEqualTo(on(two, driver2, "log", b)[0]);
    }

    @Test
    void anUnsubscribedServiceGetsNothingMoreAndTheLastOneUnsubscribesItsNode() {
        long ch = number(on(one, driver1, "new")[0]);
        long leaves = number(on(two, driver2, "sub", ch)[0]);
        long stays = number(on(two, driver2, "sub", ch)[0]);
        on(one, driver1, "pub", ch, "n", 1L, 3L);
        assertThat(on(two, driver2, "await_count", leaves, 3L)).containsExactly(3L);
        assertThat(on(two, driver2, "unsub", leaves)).containsExactly(3L);
        on(one, driver1, "pub", ch, "n", 4L, 5L);
        // what reached the one that stays went through the same multicastd the other left
        assertThat(on(two, driver2, "await_count", stays, 5L)).containsExactly(5L);
        assertThat(on(two, driver2, "count", leaves)).containsExactly(3L);
        assertThat(on(two, driver2, "size", ch)).containsExactly(1L, 0L);

        on(two, driver2, "unsub", stays);
        assertThat(on(two, driver2, "await_size", ch, "none")).containsExactly("none");
        assertThat(on(one, driver1, "await_size", ch, 0L, 0L)).containsExactly(0L, 0L);   // node 2 left
    }

    @Test
    void aChannelDeletedFromTheOtherNodeIsGoneOnBothAndDropsWhatIsPublished() {
        long ch = number(on(one, driver1, "new")[0]);
        long marker = number(on(one, driver1, "new")[0]);
        long sub = number(on(two, driver2, "sub", ch)[0]);
        long witness = number(on(two, driver2, "sub", marker)[0]);
        on(two, driver2, "del", ch);
        assertThat(on(one, driver1, "await_size", ch, "none")).containsExactly("none");
        assertThat(on(two, driver2, "await_size", ch, "none")).containsExactly("none");
        on(one, driver1, "pub", ch, "deleted", 1L, 1L);
        on(two, driver2, "pub", ch, "deleted", 2L, 2L);
        // the marker channel's message takes the same path (node 1's multicastd, then node 2's) after them
        on(one, driver1, "pub", marker, "marker", 1L, 1L);
        assertThat(on(two, driver2, "await_count", witness, 1L)).containsExactly(1L);
        assertThat(on(two, driver2, "count", sub)).containsExactly(0L);
    }

    @Test
    void aSubscribersNodeThatGoesDownIsDroppedAndThePublisherGoesOn() {
        long ch = number(on(one, driver1, "new")[0]);
        long here = number(on(one, driver1, "sub", ch)[0]);
        on(two, driver2, "sub", ch);
        assertThat(on(one, driver1, "size", ch)).containsExactly(1L, 1L);
        two.close();
        two = null;
        // publishing while node 1 learns that node 2 is gone, then after: no publish fails
        for (long i = 1; number(on(one, driver1, "size", ch)[1]) > 0; i++) {
            assertThat(i).as("node 2 still counted after %d publishes", i).isLessThan(100_000);
            on(one, driver1, "pub", ch, "n", i, i);
        }
        long sent = number(on(one, driver1, "count", here)[0]);
        on(one, driver1, "pub", ch, "n", sent + 1, sent + 1);
        assertThat(on(one, driver1, "count", here)).containsExactly(sent + 1);
        assertThat(on(one, driver1, "size", ch)).containsExactly(1L, 0L);
    }

    @Test
    void aSubscriberNodeThatRestartsGetsWhatIsPublishedOnceItSubscribesAgain() {
        long ch = number(on(one, driver1, "new")[0]);
        long before = number(on(two, driver2, "sub", ch)[0]);
        on(one, driver1, "pub", ch, "n", 0L, 0L);   // node 1's multicastd knows node 2's now
        assertThat(on(two, driver2, "await_count", before, 1L)).containsExactly(1L);
        two.close();
        two = node(2);   // a new incarnation, whose multicastd has another handle
        two.newservice("echo");
        driver2 = two.newservice("harbor_mc");
        long again = number(on(two, driver2, "sub", ch)[0]);
        on(one, driver1, "pub", ch, "n", 1L, 3L);
        assertThat(on(two, driver2, "await_count", again, 3L)).containsExactly(3L);
        assertThat(on(one, driver1, "size", ch)).containsExactly(0L, 1L);
    }

    @Test
    void node2ReadsWritesAndWaitsOnTheDatacenterOfNode1() throws Exception {
        assertThat(on(one, driver1, "dc_set", "cfg", "port", 8000L)).containsExactly((Object) null);
        assertThat(on(two, driver2, "dc_get", "cfg", "port")).containsExactly(8000L);
        assertThat(on(two, driver2, "dc_set", "cfg", "port", 8001L)).containsExactly(8000L);
        assertThat(on(one, driver1, "dc_get", "cfg")).containsExactly(Map.of("port", 8001L));

        CompletableFuture<Object[]> waiting = two.foreign().callAsync(driver2, "dc_wait", "later", "k");
        assertThat(on(two, driver2, "dc_await_waiters", 1L)).containsExactly(1L);
        assertThat(waiting).isNotDone();
        on(one, driver1, "dc_set", "later", "k", "now");
        assertThat(waiting.get(20, TimeUnit.SECONDS)).containsExactly("now");
    }

    @Test
    void aWaitOnNode2BeforeNode1EverUsedTheDatacenterIsAnsweredWhenNode1Sets() throws Exception {
        CompletableFuture<Object[]> waiting = two.foreign().callAsync(driver2, "dc_wait", "first");
        on(one, driver1, "dc_get", "anything");
        assertThat(on(two, driver2, "dc_await_waiters", 1L)).containsExactly(1L);
        on(one, driver1, "dc_set", "first", true);
        assertThat(waiting.get(20, TimeUnit.SECONDS)).containsExactly(true);
    }

    @Test
    void node2HasTheDatacenterThoughNoServiceOfNode1EverUsedIt() throws Exception {
        // Node 1 started datacenterd when it started, as skynet's bootstrap does on its master.
        CompletableFuture<Object[]> waiting = two.foreign().callAsync(driver2, "dc_wait", "only", "two");
        assertThat(on(two, driver2, "dc_await_waiters", 1L)).containsExactly(1L);
        assertThat(on(two, driver2, "dc_set", "only", "two", 2L)).containsExactly((Object) null);
        assertThat(waiting.get(20, TimeUnit.SECONDS)).containsExactly(2L);
        assertThat(on(two, driver2, "dc_get", "only")).containsExactly(Map.of("two", 2L));
    }
}
