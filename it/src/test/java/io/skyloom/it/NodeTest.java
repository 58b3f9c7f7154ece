package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.core.CallFailedException;
import io.skyloom.core.CallTimeoutException;
import io.skyloom.core.ConfigException;
import io.skyloom.core.Context;
import io.skyloom.core.Handle;
import io.skyloom.core.Message;
import io.skyloom.core.NodeClosedException;
import io.skyloom.core.NodeConfig;
import io.skyloom.core.ServiceDeadException;
import io.skyloom.core.SkyloomException;
import io.skyloom.foreign.ForeignCommand;
import io.skyloom.foreign.ForeignService;
import io.skyloom.foreign.Skyloom;
import io.skyloom.scheduler.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The node as a Java program uses it: names, env, the gateway, life and death. */
@SkyloomTest
class NodeTest {

    @Inject Skyloom node;

    static int echo(Skyloom node) {
        return node.newservice("echo", ForeignService.of(Map.of("echo", args -> args)));
    }

    @Test
    void aKilledServiceIsDeadAtOnceEvenWhileItsHandlerStillRuns() throws Exception {
        CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1);
        int busy = node.newservice("busy", new ForeignService().on("hold", args -> {
            inside.countDown();
            release.await(10, TimeUnit.SECONDS);   // holds the service's baton meanwhile
            return "done";
        }));
        Future<Object[]> held = node.foreign().callAsync(busy, "hold");
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        node.kill(busy);
        var exited = node.whenExited(busy);
        assertThat(node.alive(busy)).isFalse();
        assertThat(node.node().send(busy, io.skyloom.core.PType.FOREIGN, new Object[] {"hold"})).isFalse();
        assertThatThrownBy(() -> node.foreign().call(busy, "hold")).isInstanceOf(ServiceDeadException.class);
        release.countDown();
        // The handler that was running finishes its answer, as a skynet coroutine does.
        assertThat(held.get(5, TimeUnit.SECONDS)).containsExactly("done");
        assertThat(exited.get(5, TimeUnit.SECONDS)).isEqualTo("killed");
    }

    @Test
    void namesResolveToServicesAndGoAwayWithThem() {
        int h = echo(node);
        node.name(".echo", h);
        assertThat(node.query(".echo")).isEqualTo(h);
        assertThat(node.foreign().call(".echo", "echo", "hi")).containsExactly("hi");
        assertThatThrownBy(() -> node.name(".echo", echo(node))).hasMessageContaining(".echo");
        node.name("echo", h);                   // a global name, as skynet's without a dot
        assertThat(node.query("echo")).isEqualTo(h);
        assertThatThrownBy(() -> node.name("not a name!", h)).hasMessageContaining("invalid global name");
        node.kill(h);
        assertThat(node.query(".echo")).isZero();
        assertThat(node.query("echo")).isZero();
        assertThatThrownBy(() -> node.foreign().call(".echo", "echo")).isInstanceOf(ServiceDeadException.class)
                .hasMessageContaining(".echo");
    }

    @Test
    void theGatewayAnswersToJavaAndPython() {
        assertThat(node.query(".java")).isEqualTo(node.self());
        assertThat(node.query(".python")).isEqualTo(node.self());
    }

    @Nested
    @SkyloomTest(thread = 1, nodeId = 3)
    class OnNodeThree {
        @Test
        void handlesCarryTheNodeIdInTheHighBitsAndPrintLikeSkynet() {
            int h = echo(node);
            assertThat(Handle.nodeId(h)).isEqualTo(3);
            assertThat(Handle.format(h)).matches(":03[0-9a-f]{6}");
            assertThat(Handle.format(10)).isEqualTo(":0000000a");
            assertThat(node.node().resolve(Handle.format(h))).isEqualTo(h);
        }
    }

    @Nested
    @SkyloomTest(thread = 1, env = "mode=test")
    class WithEnv {
        @Test
        void envIsSharedAndEachKeyIsSetOnce() {
            assertThat(node.getenv("mode")).isEqualTo("test");
            node.setenv("answer", 42L);
            assertThat(node.getenv("answer")).isEqualTo(42L);
            assertThatThrownBy(() -> node.setenv("answer", 43L)).hasMessageContaining("answer").hasMessageContaining("once");
            assertThatThrownBy(() -> node.setenv("mode", "prod")).hasMessageContaining("mode");
            assertThat(node.getenv("missing")).isNull();
        }
    }

    @Test
    void anInvalidConfigFailsAtStartNamingTheKey() {
        assertThatThrownBy(() -> Skyloom.start(NodeConfig.builder().thread(0).build()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("thread"))
                .hasMessageContaining("thread");
        assertThatThrownBy(() -> Skyloom.start(NodeConfig.builder().luaPath("/no/such/dir/?.lua").build()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("luaPath"))
                .hasMessageContaining("/no/such/dir");
        assertThatThrownBy(() -> Skyloom.start(NodeConfig.builder().nodeId(256).build()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nodeId");
    }

    @Test
    void dispatchTakesOneCommandATableACatchAllAndAnnotatedMethods() {
        node.foreign().dispatch("one", args -> "one:" + args[0]);
        node.foreign().dispatch(Map.of("two", args -> "two", "three", args -> new Object[] {3L, "three"}));
        node.foreign().dispatch((cmd, args) -> "any:" + cmd + ":" + args.length);
        node.foreign().dispatch(new Object() {
            @ForeignCommand
            public long add(long a, int b) { return a + b; }

            @ForeignCommand("hello")
            public String greet(String who) { return "hello " + who; }
        });
        int caller = node.newservice("caller", new ForeignService().otherwise((cmd, args) ->
                node.foreign().call(".python", cmd, args)));
        assertThat(node.foreign().call(caller, "one", 1L)).containsExactly("one:1");
        assertThat(node.foreign().call(caller, "two")).containsExactly("two");
        assertThat(node.foreign().call(caller, "three")).containsExactly(3L, "three");
        assertThat(node.foreign().call(caller, "whatever", 1L, 2L)).containsExactly("any:whatever:2");
        assertThat(node.foreign().call(caller, "add", 40L, 2.0)).containsExactly(42L);
        assertThat(node.foreign().call(caller, "hello", "lua")).containsExactly("hello lua");
        assertThatThrownBy(() -> node.foreign().call(caller, "add", "x", 1L))
                .isInstanceOf(CallFailedException.class).hasMessageContaining("argument 1");
    }

    @Test
    void gatewayHandlersRunOnTheirOwnThreadsAndMayBlock() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<String> threads = new ArrayList<>();
        node.foreign().dispatch("block", args -> { threads.add(Thread.currentThread().getName()); gate.await(); return "done"; });
        node.foreign().dispatch("free", args -> Thread.currentThread().isVirtual());
        int svc = node.newservice("relay", new ForeignService().otherwise((cmd, args) -> node.foreign().call(".java", cmd)));
        var blocked = node.foreign().callAsync(svc, "block");
        assertThat(node.foreign().call(svc, "free")).containsExactly(true);
        gate.countDown();
        assertThat(blocked.get(5, TimeUnit.SECONDS)).containsExactly("done");
        assertThat(threads).singleElement().asString().startsWith("gateway:foreign#");
    }

    @Test
    void callAsyncCompletesWithResultsOrTheError() throws Exception {
        int svc = node.newservice("mixed", new ForeignService().on("ok", args -> 7L)
                .on("bad", args -> { throw new IllegalArgumentException("nope"); }));
        assertThat(node.foreign().callAsync(svc, "ok").get(5, TimeUnit.SECONDS)).containsExactly(7L);
        assertThatThrownBy(() -> node.foreign().callAsync(svc, "bad").get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(CallFailedException.class).hasMessageContaining("nope");
    }

    @Test
    void aCallWithATimeoutGivesUpAndALateAnswerIsDropped() {
        CountDownLatch never = new CountDownLatch(1);
        node.foreign().dispatch("hang", args -> { never.await(); return null; });
        int svc = node.newservice("hang", new ForeignService().on("hang", args -> node.foreign().call(".java", "hang")));
        assertThatThrownBy(() -> node.foreign().call(Duration.ofMillis(100), svc, "hang"))
                .isInstanceOf(CallTimeoutException.class);
        never.countDown();
        assertThat(node.foreign().call(echo(node), "echo", 1L)).containsExactly(1L);
    }

    @Test
    void aDeadlineBoundsAnyBlockingCall() throws Exception {
        node.foreign().dispatch("hang", args -> { new CountDownLatch(1).await(); return null; });
        int svc = node.newservice("hang", new ForeignService().on("hang", args -> node.foreign().call(".java", "hang")));
        assertThatThrownBy(() -> node.within(Duration.ofMillis(100),
                () -> node.foreign().call(svc, "hang"))).isInstanceOf(TimeoutException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(node.within(Duration.ofSeconds(5), () -> node.foreign().call(echo(node), "echo", 2L)))
                .containsExactly(2L);
    }

    @Test
    void aServiceWhoseStartFailsIsGoneAndNewserviceSaysWhy() {
        int before = node.serviceCount();
        assertThatThrownBy(() -> node.newservice("broken", new io.skyloom.core.Service() {
            public void start(Context ctx) { throw new IllegalStateException("no config"); }
            public void handle(Context ctx, Message m) {}
        })).isInstanceOf(CallFailedException.class).hasMessageContaining("no config");
        assertThat(node.serviceCount()).isEqualTo(before);
    }

    @Test
    void javaServicesSleepForkWaitAndWake() throws Exception {
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        int svc = node.newservice("timing", (Context ctx, Message m) -> {
            long t0 = ctx.now();
            ctx.fork(() -> { log.add("fork"); ctx.wakeup("token"); });
            ctx.timeout(1, () -> log.add("timeout"));
            ctx.await("token");
            log.add("woken");
            ctx.sleep(2);
            log.add("slept " + (ctx.now() - t0 >= 2));
            ctx.ret(new Object[] {"done"});
        });
        assertThat(node.foreign().call(svc, "go")).containsExactly("done");
        assertThat(log).containsSubsequence("fork", "woken").contains("slept true", "timeout");
    }

    @Test
    void aContextUsedOffItsTaskTripsTheOwnershipAssertion() throws Exception {
        java.util.concurrent.CompletableFuture<Throwable> caught = new java.util.concurrent.CompletableFuture<>();
        int svc = node.newservice("leaky", (Context ctx, Message m) -> {
            Thread other = Thread.ofVirtual().start(() -> {
                try {
                    ctx.fork(() -> {});
                    caught.complete(null);
                } catch (Throwable t) {
                    caught.complete(t);
                }
            });
            other.join();
            ctx.ret(new Object[0]);
        });
        node.foreign().call(svc, "go");
        assertThat(caught.get(5, TimeUnit.SECONDS)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("does not run that service");
    }

    @Test
    void aCallOnAClosedNodeFailsClearly() {
        int svc = echo(node);
        node.close();
        assertThatThrownBy(() -> node.foreign().call(svc, "echo")).isInstanceOf(NodeClosedException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> node.newservice("x", ForeignService.of(Map.of()))).isInstanceOf(NodeClosedException.class);
    }

    @Test
    void closingTheNodeEndsEveryTaskItStarted() throws Exception {
        CountDownLatch parkedInJava = new CountDownLatch(1);
        node.foreign().dispatch("forever", args -> { parkedInJava.countDown(); new CountDownLatch(1).await(); return null; });
        int sleeper = node.newservice("sleeper", (Context ctx, Message m) -> ctx.sleep(1_000_000));
        CountDownLatch inHandler = new CountDownLatch(1);
        int blocked = node.newservice("blocked", (Context ctx, Message m) -> {
            inHandler.countDown();
            new CountDownLatch(1).await();   // blocks in its own code, holding the service
        });
        node.foreign().send(blocked, "x");
        int caller = node.newservice("caller", new ForeignService().on("go", args -> node.foreign().call(".java", "forever")));
        node.foreign().send(sleeper, "x");
        var pending = node.foreign().callAsync(caller, "go");
        Future<?> spawned = node.spawn("idle", () -> { new CountDownLatch(1).await(); return null; });
        assertThat(parkedInJava.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(inHandler.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(node.node().tasks().liveCount()).isGreaterThanOrEqualTo(4);
        long t0 = System.nanoTime();
        node.close();
        assertThat(System.nanoTime() - t0).as("close ended every task well before its 5 s deadline")
                .isLessThan(TimeUnit.SECONDS.toNanos(4));
        assertThat(node.node().tasks().liveCount()).isZero();
        assertThat(spawned.isDone()).isTrue();
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ServiceDeadException.class);
        assertThat(node.join(Duration.ofSeconds(1))).isTrue();
    }
}
