package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.RedisServer;
import io.skyloom.junit.SkyloomTest;
import io.skyloom.junit.Waits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * skynet.db.redis in Lua services against a real redis-server of the test's own
 * (RedisServer): every reply type, pipelines, pub/sub, one connection shared by many
 * coroutines, errors from the server, the server going away. Bad servers are in
 * RedisBadServerTest.
 */
@SuppressWarnings("unchecked")
@SkyloomTest(servicePath = "src/test/resources/lua")
class RedisTest {

    static final Duration LONG = Duration.ofSeconds(60);
    /** What the Lua side stores: non-UTF-8 bytes, zeros, CRLFs that look like RESP. */
    static final byte[] BINARY = "a\0b\u00ff\u00fe\r\n$3\r\nend\0".getBytes(StandardCharsets.ISO_8859_1);

    static RedisServer redis;

    @Inject Skyloom node;
    int client;
    String prefix;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void startClient(TestInfo test) {
        client = node.newservice("redis/client", redis.host(), redis.port());
        prefix = test.getTestMethod().orElseThrow().getName() + ":";
    }

    Object[] call(String cmd, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = prefix;
        System.arraycopy(args, 0, all, 1, args.length);
        return node.foreign().call(LONG, client, cmd, all);
    }

    @Test
    void stringsComeBackByteForByteIncludingZerosAndBytesThatAreNotUtf8() throws Exception {
        Object[] r = call("strings");
        assertThat(r).containsExactly("OK", "hello", BINARY, 15L, "", 11L, "hello", "hello world", "nil", "");
        assertThat((byte[]) RedisWire.command(redis.port(), "GET", prefix + "bin"))
                .as("what the server holds, read by Java").isEqualTo(BINARY);
    }

    @Test
    void aBinaryValueWrittenByJavaReadsTheSameInLua() throws Exception {
        RedisWire.command(redis.port(), "SET", prefix + "jbin", BINARY);
        assertThat(node.foreign().call(LONG, client, "get", prefix + "jbin")).containsExactly((Object) BINARY);
        assertThat(node.foreign().call(LONG, client, "set_binary", prefix + "lbin")).containsExactly("OK");
        assertThat((byte[]) RedisWire.command(redis.port(), "GET", prefix + "lbin")).isEqualTo(BINARY);
    }

    @Test
    void hashesTakeSkynetsArgumentFormsAndAnswerWithTheirReplyTypes() {
        assertThat(call("hashes")).containsExactly("OK", "v1", 7L, 1L, 2L, "v1", "nil", "7", "OK", "1",
                new byte[] {(byte) 0xff}, 1L, "nil");
    }

    @Test
    void hgetallGivesTheFlatListOfFieldsAndValues() throws Exception {
        RedisWire.command(redis.port(), "HSET", prefix + "hash", "x", "1", "y", "2");
        Object[] r = node.foreign().call(LONG, client, "hgetall", prefix + "hash");
        assertThat((List<Object>) r[0]).containsExactly("x", "1", "y", "2");
    }

    @Test
    void listsPushPopAndRangeAndAnEmptyRangeIsAnEmptyTable() {
        assertThat(call("lists")).containsExactly(5L, 6L, "0,1,2,3,4,5", 6L, "0", "5", "2", "table", 0L, "nil");
    }

    @Test
    void integersAreNumbersAndExistsAndSismemberAreBooleans() {
        assertThat(call("integers")).containsExactly(1L, 1_000_000_000_000_001L, 999_999_999_999_998L, -1L, "2.5",
                true, false, true, false, -1L, "string", "PONG", 2L);
    }

    @Test
    void nilRepliesNestedMultiBulksAndTransactions() {
        assertThat(call("nils_and_nesting")).containsExactly("nil", "nil", "nil", 1L, 2L, "three", "nil", "four", "FINE",
                "OK", "QUEUED", "QUEUED", "OK", "v", false, "table", "OK", "ERR value is not an integer or out of range");
    }

    @Test
    void aPipelineOfManyCommandsGetsEveryReplyInOrderWithAnErrorInItsPlace() {
        Object[] r = call("pipeline", 300);
        assertThat(r).containsExactly(902L, false, "WRONGTYPE Operation against a key holding the wrong kind of value", "301",
                "ab", false, "WRONGTYPE Operation against a key holding the wrong kind of value", "ab");
    }

    @Test
    void manyCoroutinesOfOneServiceShareOneConnectionAndEachGetsItsOwnReplies() throws Exception {
        Object[] r = call("concurrent", 50, 20);
        assertThat(r).containsExactly("", "1000");
        assertThat(RedisWire.text(redis.port(), "GET", prefix + "count")).isEqualTo("1000");
    }

    @Test
    void aServerErrorRaisesItsTextAndTheConnectionGoesOn() {
        Object[] r = call("errors");
        assertThat(r[0]).isEqualTo(false);
        assertThat(r[1]).isEqualTo("WRONGTYPE Operation against a key holding the wrong kind of value");
        assertThat(r[2]).isEqualTo("x");
        assertThat(r[3]).isEqualTo(false);
        assertThat((String) r[4]).startsWith("ERR unknown command 'NOSUCHCOMMAND'");
        assertThat(r[5]).isEqualTo(false);
        assertThat((String) r[6]).isEqualTo("redis: argument #2 of SET is a table (strings, numbers and booleans only)");
        assertThat(r[7]).isEqualTo(false);
        assertThat((String) r[8]).isEqualTo("redis: argument #2 of SET is a nil (strings, numbers and booleans only)");
        assertThat(r[9]).isEqualTo(false);
        assertThat((String) r[10]).contains("redis: pipeline command #1 is not a list");
        assertThat(r[11]).isEqualTo("PONG");
    }

    @Test
    void badConnectArgumentsAreNamed() {
        Object[] r = node.foreign().call(LONG, client, "bad_conf");
        assertThat(r[0]).isEqualTo(false);
        assertThat((String) r[1]).contains("bad argument #1 to 'redis.connect' (table expected, got string)");
        assertThat((String) r[3]).contains("host must be a string, got nil");
        assertThat((String) r[5]).contains("port must be 1-65535, got six");
        assertThat((String) r[7]).contains("bad argument #1 to 'redis.watch' (port must be 1-65535, got 70000)");
    }

    @Test
    void disconnectClosesTheConnectionOnTheServer() throws Exception {
        assertThat(node.foreign().call(LONG, client, "disconnect")).containsExactly("OK", true);
        io.skyloom.junit.Waits.awaitAssert(Duration.ofSeconds(10), () -> {
            try {
                assertThat(RedisWire.text(redis.port(), "CLIENT", "LIST")).doesNotContain("name=leaving");
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void pubSubDeliversEveryMessageInOrderToChannelAndPatternAndUnsubscribeStopsIt() throws Exception {
        int sub = node.newservice("redis/subscriber", redis.host(), redis.port());
        int pub = node.newservice("redis/publisher", redis.host(), redis.port());
        String channel = prefix + "news", pattern = prefix + "ev.*", pchannel = prefix + "ev.x";
        assertThat(node.foreign().call(LONG, sub, "listen", channel, pattern)).containsExactly(true);
        int n = 40;
        CompletableFuture<Object[]> got = node.foreign().callAsync(sub, "collect", 2 * n);
        assertThat(node.foreign().call(LONG, pub, "publish", channel, pchannel, n)).containsExactly((long) 2 * n);
        List<Object> expected = new java.util.ArrayList<>();
        for (int i = 1; i <= n; i++) {
            expected.add(channel + "|m" + i);
            expected.add(pattern + "|" + pchannel + "|p" + i + "<0><255>");
        }
        assertThat((List<Object>) got.get(60, TimeUnit.SECONDS)[0]).containsExactlyElementsOf(expected);

        assertThat(node.foreign().call(LONG, sub, "unsubscribe", channel)).containsExactly(true);
        CompletableFuture<Object[]> last = node.foreign().callAsync(sub, "collect", 1);
        assertThat(node.foreign().call(LONG, pub, "publish_after_unsubscribe", channel, pchannel)).containsExactly(0L, 1L);
        assertThat((List<Object>) last.get(60, TimeUnit.SECONDS)[0]).containsExactly(pattern + "|" + pchannel + "|last");
        assertThat(node.foreign().call(LONG, sub, "stop")).containsExactly(true);
    }

    @Test
    void aConnectionTheServerDropsConnectsAgainOnTheNextCommandAndSelectsItsDbAgain() throws Exception {
        long first = (Long) call("before_drop")[0];
        RedisWire.command(redis.port(), "CLIENT", "KILL", "ID", first);
        Object[] r = call("after_drop");
        assertThat(r[0]).as("the key of db 2, so SELECT 2 came again").isEqualTo("in db 2");
        assertThat((Long) r[1]).as("a new connection").isNotEqualTo(first);
    }

    @Test
    void aWatchWhoseConnectionDropsSubscribesAgainAndGetsTheMessagesAfter() throws Exception {
        int sub = node.newservice("redis/subscriber", redis.host(), redis.port());
        int pub = node.newservice("redis/publisher", redis.host(), redis.port());
        String channel = prefix + "news", pattern = prefix + "ev.*", pchannel = prefix + "ev.x";
        node.foreign().call(LONG, sub, "listen", channel, pattern);
        io.skyloom.junit.Waits.awaitAssert(Duration.ofSeconds(10), () -> {
            try {
                assertThat((List<Object>) RedisWire.command(redis.port(), "PUBSUB", "NUMSUB", channel)).element(1)
                        .isEqualTo(1L);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        CompletableFuture<Object[]> got = node.foreign().callAsync(sub, "collect_through_reconnect", 2);
        assertThat(RedisWire.command(redis.port(), "CLIENT", "KILL", "TYPE", "pubsub")).as("the watch's connection dropped")
                .isEqualTo(1L);
        // publish waits until the server counts the subscriber and its pattern again
        assertThat(node.foreign().call(LONG, pub, "publish", channel, pchannel, 1)).containsExactly(2L);
        Object[] r = got.get(60, TimeUnit.SECONDS);
        assertThat((List<Object>) r[0]).containsExactly(channel + "|m1", pchannel + "|p1<0><255>");
    }

    @Test
    void authUsernameAndDbAreSentOnConnectAndAWrongPasswordFailsTheConnect() throws Exception {
        try (RedisServer locked = RedisServer.start()) {
            RedisWire.command(locked.port(), "ACL", "SETUSER", "alice", "on", ">secret", "~*", "&*", "+@all");
            RedisWire.command(locked.port(), "CONFIG", "SET", "requirepass", "pw");
            Object[] r = node.foreign().call(LONG, client, "auth", locked.port());
            assertThat(r).containsExactly("nil", "in db 2", "alice", false, true, false,
                    "NOAUTH Authentication required.");
        }
    }

    @Test
    void aRefusedConnectionRaisesSocketchannelsError() throws Exception {
        int closed;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        assertThat(node.foreign().call(LONG, client, "refused", closed)).containsExactly(false, true, "[Error: socket]");
    }

    @Test
    void theServerGoingAwayMidCallIsAnErrorNotAHangAndTheServiceGoesOn() throws Exception {
        RedisServer doomed = RedisServer.start();
        try {
            CompletableFuture<Object[]> blocked = node.foreign().callAsync(client, "block", doomed.port());
            CompletableFuture<Object[]> watching = node.foreign().callAsync(client, "watch_until_gone", doomed.port());
            io.skyloom.junit.Waits.awaitAssert(Duration.ofSeconds(10), () -> {
                try {
                    assertThat(RedisWire.text(doomed.port(), "INFO", "clients")).contains("blocked_clients:1");
                    assertThat((List<?>) RedisWire.command(doomed.port(), "PUBSUB", "NUMSUB", "nobody")).element(1)
                            .isEqualTo(1L);
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
            });
            RedisWire.command(doomed.port(), "PUBLISH", "nobody", "first");
            Waits.awaitAssert(Duration.ofSeconds(10), () -> assertThat(node.getenv("redis_watch_ready")).isEqualTo("first"));
            doomed.kill();
            assertThat(blocked.get(30, TimeUnit.SECONDS)).containsExactly(false, true, "[Error: socket]");
            assertThat(watching.get(30, TimeUnit.SECONDS)).containsExactly(false, true, "[Error: socket]");
            assertThat(node.foreign().call(LONG, client, "after_gone")).containsExactly(false, true);
            assertThat(node.foreign().call(LONG, client, "alive")).containsExactly("alive");
        } finally {
            doomed.close();
        }
    }
}
