package io.skyloom.core.kernel;

import io.skyloom.core.*;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the kernel guarantees a service against others: sessions, replies, types. */
class KernelIsolationTest {

    static final int T = PType.FOREIGN;
    final Node node = Node.start(NodeConfig.builder().thread(1).build());

    @AfterEach
    void close() {
        node.close();
    }

    /** Answers with the session its request came with. */
    int sessionEcho() {
        return node.newservice("session-echo", (Context ctx, Message m) -> ctx.ret((long) m.session()));
    }

    /** Holds every request until released, then answers "REAL". */
    static final class Holder implements Service {
        final CountDownLatch got = new CountDownLatch(1);
        final AtomicReference<Responder> pending = new AtomicReference<>();
        final AtomicInteger session = new AtomicInteger();

        @Override
        public void handle(Context ctx, Message m) {
            session.set(m.session());
            pending.set(ctx.response());
            got.countDown();
        }

        void release() {
            pending.get().ok("REAL");
        }
    }

    @Test
    void aServicesSessionsSkipOnesStillWaitingWhenTheCounterWraps() throws Exception {
        Holder holder = new Holder();
        int hold = node.newservice("holder", holder);
        int echo = sessionEcho();
        int caller = node.newservice("caller", (Context ctx, Message m) -> {
            switch ((String) m.payload()) {
                case "seed0" -> ctx.ret(seed(ctx, 0));
                case "seedTop" -> ctx.ret(seed(ctx, Integer.MAX_VALUE - 1));
                case "hold" -> ctx.ret(ctx.call(hold, T, "x"));
                default -> ctx.ret(ctx.call(echo, T, "x"));
            }
        });
        node.call(caller, T, "seed0");
        CompletableFuture<Object> held = node.callAsync(caller, T, "hold");
        assertThat(holder.got.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(holder.session.get()).isEqualTo(1);
        node.call(caller, T, "seedTop");
        assertThat(node.call(caller, T, "ask")).isEqualTo((long) Integer.MAX_VALUE);
        assertThat(node.call(caller, T, "ask")).as("1 is still waiting: the wrap skips it").isEqualTo(2L);
        holder.release();
        assertThat(held.get(5, TimeUnit.SECONDS)).isEqualTo("REAL");
    }

    private Object seed(Context ctx, int last) {
        node.cellOf(ctx.self()).seedSessions(last);
        return null;
    }

    @Test
    void theGatewaysSessionsSkipOnesStillWaitingWhenTheCounterWraps() throws Exception {
        Holder holder = new Holder();
        int hold = node.newservice("holder", holder);
        int echo = sessionEcho();
        node.gateway().seedSessions(Integer.MAX_VALUE - 1);
        CompletableFuture<Object> held = node.callAsync(hold, T, "x");
        assertThat(holder.got.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(holder.session.get()).isEqualTo(Integer.MAX_VALUE);
        node.gateway().seedSessions(Integer.MAX_VALUE - 1);
        assertThat(node.call(echo, T, "x")).as("MAX is waiting and 0 means no reply").isEqualTo(1L);
        holder.release();
        assertThat(held.get(5, TimeUnit.SECONDS)).isEqualTo("REAL");
    }

    @Test
    void aReplyFromAnyoneButTheCalleeNeverCompletesACall() throws Exception {
        Holder holder = new Holder();
        int hold = node.newservice("holder", holder);
        int third = sessionEcho();
        int caller = node.newservice("caller", (Context ctx, Message m) -> ctx.ret(ctx.call(hold, T, "x")));
        CompletableFuture<Object> fromService = node.callAsync(caller, T, "go");
        assertThat(holder.got.await(5, TimeUnit.SECONDS)).isTrue();
        int session = holder.session.get();
        for (int i = 0; i < 5; i++)
            assertThat(node.route(new Envelope(third, caller, PType.RESPONSE, session, "FORGED"))).isTrue();
        node.route(new Envelope(third, caller, PType.ERROR, session, RemoteError.dead("forged death")));

        Holder second = new Holder();
        int hold2 = node.newservice("holder2", second);
        CompletableFuture<Object> fromGateway = node.callAsync(hold2, T, "x");
        assertThat(second.got.await(5, TimeUnit.SECONDS)).isTrue();
        node.route(new Envelope(third, node.gateway().handle(), PType.RESPONSE, second.session.get(), "FORGED"));

        // the callers still wait for their callees, and get the callees' answers
        assertThat(node.call(third, T, "x")).isNotNull();
        assertThat(fromService).isNotDone();
        assertThat(fromGateway).isNotDone();
        holder.release();
        second.release();
        assertThat(fromService.get(5, TimeUnit.SECONDS)).isEqualTo("REAL");
        assertThat(fromGateway.get(5, TimeUnit.SECONDS)).isEqualTo("REAL");
    }

    @Test
    void theKernelsOwnTypesAndRepliesCannotBeSent() {
        int echo = sessionEcho();
        for (int type : new int[] {InternalType.START, InternalType.FORK, InternalType.WOKEN, -1, 256,
                PType.RESPONSE, PType.ERROR}) {
            assertThatThrownBy(() -> node.send(echo, type, null)).as("send %d", type)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be sent");
            assertThatThrownBy(() -> node.call(echo, type, null)).as("call %d", type)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be sent");
        }
        int relay = node.newservice("relay", (Context ctx, Message m) -> ctx.ret(ctx.send(echo, InternalType.START, null)));
        assertThatThrownBy(() -> node.call(relay, T, "x"))
                .isInstanceOf(CallFailedException.class).hasMessageContaining("cannot be sent");
    }

    @Test
    void aTransportPeerCannotForgeRepliesOrKernelTypes() throws Exception {
        JvmLink link = new JvmLink();
        try (Node one = Node.start(NodeConfig.builder().thread(1).nodeId(1).build(), link.transport())) {
            AtomicReference<Transport.Inbox> toOne = new AtomicReference<>();
            Transport hostile = link.transport();
            hostile.attach(new Transport.Inbox() {
                public int nodeId() { return 9; }
                public boolean deliver(int s, int d, int t, int session, Object p) { return true; }
                public void peerDown(int id, String why) {}
            });
            Holder holder = new Holder();
            int hold = one.newservice("holder", holder);
            CompletableFuture<Object> call = one.callAsync(hold, T, "x");
            assertThat(holder.got.await(5, TimeUnit.SECONDS)).isTrue();
            int gw = one.gateway().handle();
            hostile.send(Handle.of(9, 1), gw, PType.RESPONSE, holder.session.get(), "FORGED");
            hostile.send(Handle.of(9, 1), hold, InternalType.START, 0, null);
            hostile.send(Handle.of(9, 1), gw, InternalType.TIMEOUT, holder.session.get(), null);
            assertThat(call).isNotDone();
            holder.release();
            assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo("REAL");
            hostile.close();
        }
    }

    @Test
    void aTimedCallFromAServiceWithOneWorkerLetsOtherServicesRun() throws Exception {
        Holder holder = new Holder();
        int hold = node.newservice("holder", holder);
        int echo = sessionEcho();
        int waiter = node.newservice("waiter", (Context ctx, Message m) -> {
            try {
                ctx.call(hold, T, "x", Duration.ofSeconds(2));
                ctx.ret("answered");
            } catch (CallTimeoutException e) {
                ctx.ret("timed out");
            }
        });
        CompletableFuture<Object> waiting = node.callAsync(waiter, T, "go");
        assertThat(holder.got.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 100; i++) node.call(echo, T, "x");
        assertThat(waiting).isNotDone();
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("timed out");
    }

    @Test
    void scriptServicesFailClearlyWithoutALuaHost() {
        assertThat(ServiceLoader.load(ScriptHost.class).findFirst()).as("core's tests run without the Lua host").isEmpty();
        assertThatThrownBy(() -> node.newservice("echo")).isInstanceOf(SkyloomException.class).hasMessageContaining("no Lua host");
        assertThatThrownBy(() -> node.scriptservice("return 1")).isInstanceOf(SkyloomException.class).hasMessageContaining("no Lua host");
    }

    @Test
    void closingTwiceIsHarmless() {
        node.close();
        node.close();
        assertThat(node.isClosed()).isTrue();
        assertThatThrownBy(() -> node.call(node.gateway().handle(), T, "x")).isInstanceOf(NodeClosedException.class);
    }

    @Test
    void aClientMessageCarriesTheSessionItsSenderChoseAndExpectsNoAnswer() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        int agent = node.newservice("agent", (Context ctx, Message m) -> {
            seen.complete(PType.name(m.type()) + " session " + m.session() + " " + m.payload() + " " + m.expectsReply());
            // no answer: a client message has none, so nobody is told "maybe forgot response"
        });
        CompletableFuture<Boolean> sent = new CompletableFuture<>();
        int gate = node.newservice("gate", (Context ctx, Message m) -> {
            sent.complete(((TaskContext) ctx).redirect(agent, 0, PType.CLIENT, 7, "packet"));
            ctx.ret("sent");
        });
        assertThat(node.call(gate, T, "go")).isEqualTo("sent");
        assertThat(sent.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("client session 7 packet false");
    }
}
