package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.RedisCluster;
import io.skyloom.junit.RedisServer;
import io.skyloom.junit.SkyloomTest;
import io.skyloom.junit.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * skynet.db.redis.cluster in a Lua service against a real three-master Redis Cluster
 * (RedisCluster): keys spread over the nodes by their slot, the client's slots equal
 * the server's, MOVED after a slot changed hands, ASK during a migration, pub/sub.
 */
@SuppressWarnings("unchecked")
@SkyloomTest(servicePath = "src/test/resources/lua")
class RedisClusterTest {

    static final Duration LONG = Duration.ofSeconds(60);
    static RedisCluster redis;

    @Inject Skyloom node;
    int client;
    String prefix;

    @BeforeAll
    static void startCluster() {
        redis = RedisCluster.start(3);
    }

    @AfterAll
    static void stopCluster() {
        if (redis != null) redis.close();
    }

    @BeforeEach
    void startClient(TestInfo test) {
        List<RedisServer> nodes = redis.nodes();
        client = node.newservice("redis/cluster_client", "127.0.0.1", nodes.get(0).port(), nodes.get(1).port());
        prefix = test.getTestMethod().orElseThrow().getName() + ":";
    }

    Object[] call(String cmd, Object... args) {
        return node.foreign().call(LONG, client, cmd, args);
    }

    @Test
    void keysSpreadOverEveryNodeAndReadBackFromTheirs() {
        assertThat(call("spread", prefix, 60)).containsExactly(3L, "1,2,3", 4L);
        for (RedisServer n : redis.nodes())
            assertThat(Long.parseLong(n.command("DBSIZE"))).as("keys on node %d", n.port()).isPositive();
    }

    @Test
    void keyslotIsTheServersIncludingHashTags() {
        List<String> keys = List.of("", "a", "foo", "{user1000}.following", "{user1000}.followers", "foo{}{bar}",
                "foo{{bar}}zap", "foo{bar}{zap}", "{}x", "x{", "}{", "\u00e9t\u00e9", prefix + "long key with spaces");
        List<Object> expected = new ArrayList<>();
        for (String k : keys) expected.add(Long.parseLong(redis.nodes().get(0).command("CLUSTER", "KEYSLOT", k)));
        assertThat((List<Object>) call("keyslots", keys)[0]).containsExactlyElementsOf(expected);
    }

    @Test
    void aSlotThatChangedHandsIsFollowedByMovedAndTheMapIsRefreshed() {
        String key = prefix + "moving";
        RedisServer owner = redis.nodeOf(key);
        assertThat(call("get", key)).containsExactly("nil");
        assertThat(call("mapped", key)).containsExactly((long) owner.port());
        RedisServer target = other(owner);
        String slot = owner.command("CLUSTER", "KEYSLOT", key);
        String targetId = target.command("CLUSTER", "MYID");
        for (RedisServer n : redis.nodes()) n.command("CLUSTER", "SETSLOT", slot, "NODE", targetId);
        try {
            assertThat(call("set", key, "after the move")).containsExactly("OK");
            assertThat(target.command("GET", key)).isEqualTo("after the move");
            assertThat(call("mapped", key)).containsExactly((long) target.port());
            assertThat(call("get", key)).containsExactly("after the move");
        } finally {
            target.command("DEL", key);
            String ownerId = owner.command("CLUSTER", "MYID");
            for (RedisServer n : redis.nodes()) n.command("CLUSTER", "SETSLOT", slot, "NODE", ownerId);
        }
    }

    @Test
    void aSlotBeingMigratedIsFollowedByAskForKeysAlreadyOnTheNewNode() {
        String key = prefix + "migrating";
        RedisServer owner = redis.nodeOf(key);
        RedisServer target = other(owner);
        String slot = owner.command("CLUSTER", "KEYSLOT", key);
        String ownerId = owner.command("CLUSTER", "MYID"), targetId = target.command("CLUSTER", "MYID");
        target.command("CLUSTER", "SETSLOT", slot, "IMPORTING", ownerId);
        owner.command("CLUSTER", "SETSLOT", slot, "MIGRATING", targetId);
        try {
            // the key is not on the owner: it answers ASK, and the client asks the target
            assertThat(call("set", key, "on the new node")).containsExactly("OK");
            assertThat(owner.command("CLUSTER", "COUNTKEYSINSLOT", slot)).isEqualTo("0");
            assertThat(target.command("CLUSTER", "COUNTKEYSINSLOT", slot)).isEqualTo("1");
            assertThat(call("get", key)).containsExactly("on the new node");
            assertThat(call("mapped", key)).as("ASK does not change the map").containsExactly((long) owner.port());
        } finally {
            // Ends the migration as Redis documents it (the target first, then the owner,
            // then the rest), removes the key, and gives the slot back the same way.
            assign(slot, targetId, target, owner);
            untilSettled(() -> target.command("DEL", key));
            assign(slot, ownerId, owner, target);
        }
    }

    private void assign(String slot, String nodeId, RedisServer first, RedisServer second) {
        first.command("CLUSTER", "SETSLOT", slot, "NODE", nodeId);
        second.command("CLUSTER", "SETSLOT", slot, "NODE", nodeId);
        for (RedisServer n : redis.nodes())
            if (n != first && n != second) n.command("CLUSTER", "SETSLOT", slot, "NODE", nodeId);
    }

    /** Retries while a node still redirects (its view of the slot spreads by gossip), within 10 s. */
    private static void untilSettled(Runnable command) {
        long end = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        for (;;) {
            try {
                command.run();
                return;
            } catch (IllegalStateException e) {
                if (!String.valueOf(e.getMessage()).contains("MOVED") || System.nanoTime() > end) throw e;
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            }
        }
    }

    @Test
    void aCommandWithoutAKeyOrAServerErrorRaisesAndTheClientGoesOn() {
        Object[] r = call("errors", prefix + "k");
        assertThat(r[0]).isEqualTo(false);
        assertThat(r[1]).isEqualTo("No way to dispatch this command to Redis Cluster: info");
        assertThat(r[2]).isEqualTo(false);
        assertThat(r[3]).isEqualTo("WRONGTYPE Operation against a key holding the wrong kind of value");
        assertThat(r[4]).isEqualTo("x");
    }

    @Test
    void subscribeDeliversToOnmessageWhateverNodeItIsPublishedOn() {
        String channel = prefix + "news";
        assertThat(call("subscribe", channel)).containsExactly(true);
        RedisServer watched = redis.nodeOf(channel);
        Waits.awaitAssert(Duration.ofSeconds(10), () -> assertThat(numsub(watched, channel)).isEqualTo(1L));
        RedisServer publisher = other(watched);
        for (int i = 1; i <= 5; i++) publisher.command("PUBLISH", channel, "m" + i);
        List<Object> expected = new ArrayList<>();
        for (int i = 1; i <= 5; i++) expected.add(channel + "|m" + i);
        assertThat((List<Object>) call("received", 5)[0]).containsExactlyElementsOf(expected);
        assertThat(call("close")).containsExactly(0L);
    }

    private static long numsub(RedisServer server, String channel) {
        try {
            return (Long) ((List<Object>) RedisWire.command(server.port(), "PUBSUB", "NUMSUB", channel)).get(1);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static RedisServer other(RedisServer n) {
        List<RedisServer> all = redis.nodes();
        return all.get((all.indexOf(n) + 1) % all.size());
    }
}
