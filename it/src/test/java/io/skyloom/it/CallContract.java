package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.skyloom.core.CallFailedException;
import io.skyloom.core.Context;
import io.skyloom.core.Message;
import io.skyloom.core.Responder;
import io.skyloom.core.ServiceDeadException;
import io.skyloom.foreign.ForeignService;
import io.skyloom.foreign.Skyloom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of call, send and ret, as every transport must keep them. A subclass says
 * where the caller is: in the node of the services, or in another node reached through
 * a transport. {@code node} holds the services under test; {@code client} is the
 * caller's node and {@code foreign} its foreign API. Both run with one worker, so a
 * wait that held its worker would stall the test.
 */
abstract class CallContract {

    static final Duration AT_ONCE = Duration.ofSeconds(5);

    Skyloom node;
    /** The callers' node when it is in this JVM; null when it is another process. */
    Skyloom client;
    ContractClient foreign;

    /** Starts the node the services live in. */
    abstract Skyloom startNode();

    /** Starts the node callers live in (may be {@code node} itself). */
    abstract Skyloom startClient(Skyloom node);

    /** The callers' side: by default the client node's own foreign API. */
    ContractClient startCaller(Skyloom node) {
        client = startClient(node);
        return new ContractClient.Local(client);
    }

    /**
     * True when a send learns at once that its destination is dead. Across processes it
     * cannot (the far node drops it); a call still fails at once there, by the error reply.
     */
    boolean sendSeesDeadServices() {
        return true;
    }

    /** The address a caller uses to reach {@code handle} over this transport. */
    Object addressOf(int handle) {
        return handle;
    }

    @BeforeEach
    void start() {
        node = startNode();
        foreign = startCaller(node);
    }

    @AfterEach
    void stop() {
        foreign.close();
        node.close();
    }

    int echo() {
        return node.newservice("echo", ForeignService.of(Map.of("echo", args -> args)));
    }

    @Test
    void callReturnsWhatTheHandlerReturned() {
        int svc = node.newservice("adder", new ForeignService().on("add", args -> (Long) args[0] + (Long) args[1]));
        assertThat(foreign.call(addressOf(svc), "add", 2L, 40L)).containsExactly(42L);
    }

    @Test
    void callReturnsEveryResult() {
        assertThat(foreign.call(addressOf(echo()), "echo", 1L, "two", null, 4.5, true))
                .containsExactly(1L, "two", null, 4.5, true);
    }

    @Test
    void aHandlerReturningNothingGivesNoResults() {
        int svc = node.newservice("void", new ForeignService().on("nothing", args -> null));
        assertThat(foreign.call(addressOf(svc), "nothing")).isEmpty();
    }

    @Test
    void sendDeliversWithoutAnAnswer() {
        List<Object> seen = Collections.synchronizedList(new ArrayList<>());
        int svc = node.newservice("sink", new ForeignService()
                .on("put", args -> { seen.add(args[0]); return null; })
                .on("count", args -> (long) seen.size()));
        for (long i = 0; i < 10; i++) assertThat(foreign.send(addressOf(svc), "put", i)).isTrue();
        // A call after the sends is handled after them: same sender, same receiver, FIFO.
        assertThat(foreign.call(addressOf(svc), "count")).containsExactly(10L);
        assertThat(seen).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void aFailingHandlerAnswersTheCallerWithItsMessageAndTrace() {
        int svc = node.newservice("bad", new ForeignService().on("boom", args -> {
            throw new IllegalStateException("the reactor is on fire");
        }).on("ok", args -> "still here"));
        assertThatThrownBy(() -> foreign.call(addressOf(svc), "boom"))
                .isInstanceOfSatisfying(CallFailedException.class, e -> {
                    assertThat(e.remoteMessage()).isEqualTo("the reactor is on fire");
                    assertThat(e.remoteTraceback()).contains("IllegalStateException").contains("CallContract");
                    assertThat(e.getMessage()).contains("the reactor is on fire");
                });
        assertThat(foreign.call(addressOf(svc), "ok")).containsExactly("still here");
    }

    @Test
    void anUnknownCommandIsAnErrorNamingIt() {
        assertThatThrownBy(() -> foreign.call(addressOf(echo()), "nope"))
                .isInstanceOf(CallFailedException.class).hasMessageContaining("nope");
    }

    @Test
    void callToDeadServiceFailsAtOnce() {
        int svc = echo();
        node.kill(svc);
        assertTimeoutPreemptively(AT_ONCE, () ->
                assertThatThrownBy(() -> foreign.call(addressOf(svc), "echo", 1L))
                        .isInstanceOf(ServiceDeadException.class).hasMessageContaining(io.skyloom.core.Handle.format(svc)));
        if (sendSeesDeadServices()) assertThat(foreign.send(addressOf(svc), "echo")).isFalse();
    }

    @Test
    void callToAnUnknownNameNamesIt() {
        assertThatThrownBy(() -> foreign.call(".nobody", "echo"))
                .isInstanceOf(ServiceDeadException.class).hasMessageContaining(".nobody");
    }

    @Test
    void killWithCallersWaitingFailsEveryCallerAtOnce() throws Exception {
        int callers = 20;
        CountDownLatch arrived = new CountDownLatch(callers);
        int svc = node.newservice("hold", (Context ctx, Message m) -> {
            ctx.response();          // take the duty to answer, and never do
            arrived.countDown();
        });
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    foreign.call(addressOf(svc), "x");
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
        node.kill(svc);
        for (Thread t : threads) assertThat(t.join(AT_ONCE)).isTrue();
        assertThat(failures).hasSize(callers).allMatch(t -> t instanceof ServiceDeadException);
    }

    @Test
    void aServiceThatExitsBeforeAnsweringFailsItsCallers() throws Exception {
        int svc = node.newservice("quitter", (Context ctx, Message m) -> {
            Object[] req = (Object[]) m.payload();
            if ("wait".equals(req[0])) ctx.await("never");
            else ctx.exit();
        });
        var pending = foreign.callAsync(addressOf(svc), "wait");
        var exitCall = foreign.callAsync(addressOf(svc), "exit");
        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ServiceDeadException.class);
        assertThatThrownBy(() -> exitCall.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ServiceDeadException.class);
        assertThat(node.alive(svc)).isFalse();
    }

    @Test
    void messagesFromOneSenderArriveInOrderUnderConcurrency() throws Exception {
        int senders = 8, each = 2_000;
        Map<Long, List<Long>> seen = new ConcurrentHashMap<>();
        int svc = node.newservice("order", new ForeignService()
                .on("put", args -> { seen.computeIfAbsent((Long) args[0], k -> new ArrayList<>()).add((Long) args[1]); return null; })
                .on("sync", args -> null));
        List<Thread> threads = new ArrayList<>();
        for (long s = 0; s < senders; s++) {
            long sender = s;
            // Each Java sender gets its own Java service as the source, so the rule is per sender.
            int src = foreign.sender(addressOf(svc), sender, each);
            threads.add(Thread.ofVirtual().start(() -> foreign.call(addressOf(src), "go")));
        }
        for (Thread t : threads) assertThat(t.join(Duration.ofSeconds(30))).isTrue();
        foreign.call(addressOf(svc), "sync");
        assertThat(seen).hasSize(senders);
        for (List<Long> got : seen.values()) {
            assertThat(got).hasSize(each);
            for (int i = 0; i < each; i++) assertThat(got.get(i)).isEqualTo((long) i);
        }
    }

    @Test
    void aServiceHandlesOneMessageAtATimeAndInterleavesOnlyWhereItBlocks() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int peer = echo();
        int svc = node.newservice("single", new ForeignService().on("work", args -> {
            if (inside.incrementAndGet() != 1) overlaps.incrementAndGet();
            long x = 0;
            for (int i = 0; i < 1000; i++) x += i;          // not a blocking point
            inside.decrementAndGet();
            node.foreign().call(peer, "echo", x);           // a blocking point: others may run here
            if (inside.incrementAndGet() != 1) overlaps.incrementAndGet();
            inside.decrementAndGet();
            return x;
        }));
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++)
            threads.add(Thread.ofVirtual().start(() -> { for (int k = 0; k < 200; k++) foreign.call(addressOf(svc), "work"); }));
        for (Thread t : threads) assertThat(t.join(Duration.ofSeconds(30))).isTrue();
        assertThat(overlaps.get()).isZero();
    }

    @Test
    void anotherMessageRunsWhileAHandlerIsBlocked() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        node.foreign().dispatch("gate", args -> { release.await(); return "opened"; });
        int svc = node.newservice("both", new ForeignService()
                .on("slow", args -> node.foreign().call(".java", "gate")[0])
                .on("fast", args -> "fast"));
        var slow = foreign.callAsync(addressOf(svc), "slow");
        assertThat(foreign.call(addressOf(svc), "fast")).containsExactly("fast");
        assertThat(slow).isNotDone();
        release.countDown();
        assertThat(slow.get(5, TimeUnit.SECONDS)).containsExactly("opened");
    }

    @Test
    void responseAnswersOnceAndASecondUseIsAnError() throws Exception {
        List<Throwable> second = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch tried = new CountDownLatch(1);
        int svc = node.newservice("resp", (Context ctx, Message m) -> {
            Responder r = ctx.response();
            ctx.fork(() -> {
                r.ok(new Object[] {"later"});
                try {
                    r.ok(new Object[] {"again"});
                } catch (IllegalStateException e) {
                    second.add(e);
                } finally {
                    tried.countDown();
                }
            });
        });
        assertThat(foreign.call(addressOf(svc), "x")).containsExactly("later");
        assertThat(tried.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(second).hasSize(1).first().asString().contains("already answered");
    }

    // ---- Lua callers and callees --------------------------------------------------------

    /** A Lua service on {@code where} answering "echo" and "boom" with the foreign protocol. */
    int luaEcho(Skyloom where) {
        return where.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("echo", function(...) return ... end)
                foreign.dispatch("boom", function() error("lua callee failed") end)
                skynet.start(function()
                    skynet.dispatch("lua", function(session, source, cmd, t)
                        if cmd == "table" then
                            t.seen = true
                            skynet.retpack(t)
                        end
                    end)
                end)
                """);
    }

    /** A Lua service among the callers that makes calls for the test. */
    int luaCaller() {
        return foreign.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("call", function(addr, ...)
                    return foreign.call(addr, ...)
                end)
                foreign.dispatch("pcall", function(addr, ...)
                    local ok, err = pcall(foreign.call, addr, ...)
                    return ok, tostring(err)
                end)
                foreign.dispatch("table", function(addr)
                    local t = { n = 1, inner = { 1, 2, 3 } }
                    local r = skynet.call(addr, "lua", "table", t)
                    return t.seen == nil, r.seen == true, r.inner[3], r ~= t
                end)
                skynet.start(function() end)
                """);
    }

    @Test
    void javaCallsALuaCallee() {
        assertThat(foreign.call(addressOf(luaEcho(node)), "echo", 1L, "two", 3.5)).containsExactly(1L, "two", 3.5);
    }

    @Test
    void aLuaCalleesErrorReachesTheJavaCallerWithItsTraceback() {
        assertThatThrownBy(() -> foreign.call(addressOf(luaEcho(node)), "boom"))
                .isInstanceOfSatisfying(CallFailedException.class, e -> {
                    assertThat(e.remoteMessage()).contains("lua callee failed").contains("script:");
                    assertThat(e.remoteTraceback()).contains("stack traceback");
                });
    }

    @Test
    void aLuaCallerCallsAJavaCalleeAndALuaCallee() {
        int caller = luaCaller();
        assertThat(foreign.call(caller, "call", addressOf(echo()), "echo", "via lua")).containsExactly("via lua");
        assertThat(foreign.call(caller, "call", addressOf(luaEcho(node)), "echo", 42L)).containsExactly(42L);
    }

    @Test
    void aLuaCallerSeesTheCalleesMessageAndTraceback() {
        int caller = luaCaller();
        Object[] r = foreign.call(caller, "pcall", addressOf(luaEcho(node)), "boom");
        assertThat(r[0]).isEqualTo(false);
        assertThat((String) r[1]).contains("failed: ").contains("lua callee failed").contains("stack traceback:");
    }

    @Test
    void aLuaCallToADeadServiceFailsAtOnce() {
        int caller = luaCaller();
        int svc = echo();
        node.kill(svc);
        assertTimeoutPreemptively(AT_ONCE, () -> {
            Object[] r = foreign.call(caller, "pcall", addressOf(svc), "echo");
            assertThat(r[0]).isEqualTo(false);
            assertThat((String) r[1]).contains(io.skyloom.core.Handle.format(svc));
        });
    }

    @Test
    void tablesCrossAsCopiesBothWays() {
        int caller = luaCaller();
        // the callee's change is not the caller's table; the answer is a new table
        assertThat(foreign.call(caller, "table", addressOf(luaEcho(node)))).containsExactly(true, true, 3L, true);
    }

    // ---- deadlines -----------------------------------------------------------------------

    /** A service that takes every request and never answers. */
    int silent(Skyloom where) {
        return where.newservice("silent", (Context ctx, Message m) -> ctx.response());
    }

    @Test
    void aTimedCallGivesUpWithCallTimeoutException() {
        int svc = silent(node);
        assertThatThrownBy(() -> foreign.call(Duration.ofMillis(50), addressOf(svc), "x"))
                .isInstanceOf(io.skyloom.core.CallTimeoutException.class).hasMessageContaining("50 ms");
        // the service goes on; a late answer to the timed-out call would be dropped
        assertThat(foreign.call(addressOf(echo()), "echo", "after")).containsExactly("after");
    }

    @Test
    void aZeroTimeoutFailsAtOnceAndANegativeOneIsRefused() {
        int svc = silent(node);
        assertTimeoutPreemptively(AT_ONCE, () -> assertThatThrownBy(() -> foreign.call(Duration.ZERO, addressOf(svc), "x"))
                .isInstanceOf(io.skyloom.core.CallTimeoutException.class));
        assertThatThrownBy(() -> foreign.call(Duration.ofMillis(-1), addressOf(svc), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    @Test
    void aTimedCallInsideAServiceParksOnlyItsTask() throws Exception {
        // client has one worker: if the waiting call held it, the echo below could not run.
        int svc = silent(node);
        int waiter = foreign.waiter(addressOf(svc));
        int local = foreign.echo();
        var waiting = foreign.callAsync(waiter, "wait");
        for (int i = 0; i < 100; i++) assertThat(foreign.call(local, "echo", (long) i)).containsExactly((long) i);
        assertThat(waiting).as("the timed call is still waiting while others ran").isNotDone();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).containsExactly("timed out");
    }

    // ---- what a service may not do --------------------------------------------------------

    @Test
    void aLuaServiceCannotSendKernelTypesNorForgeReplies() {
        int victim = silent(node);
        int lua = foreign.scriptservice("""
                local skynet = require "skynet"
                local c = require "skynet.core"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("try", function(addr, ptype)
                    local ok, err = pcall(c.send, addr, ptype, skynet.pack("x"))
                    return ok, tostring(err)
                end)
                skynet.start(function() end)
                """);
        for (long type : new long[] {-3, -2, -4, 1, 7, 256}) {
            Object[] r = foreign.call(lua, "try", addressOf(victim), type);
            assertThat(r[0]).as("type %d", type).isEqualTo(false);
            assertThat((String) r[1]).contains("cannot be sent").doesNotContain("java.lang");
        }
        assertThat(foreign.call(addressOf(echo()), "echo", "alive")).containsExactly("alive");
    }

    @Test
    void aHandlerThatForgetsToAnswerFailsItsCaller() {
        int svc = node.newservice("forgetful", (Context ctx, Message m) -> { /* neither ret nor response */ });
        assertTimeoutPreemptively(AT_ONCE, () -> assertThatThrownBy(() -> foreign.call(addressOf(svc), "x"))
                .isInstanceOf(CallFailedException.class).hasMessageContaining("maybe forgot response"));
    }
}
