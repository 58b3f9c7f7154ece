package io.skyloom.core.kernel;

import io.skyloom.core.*;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kernel's side of skynet.mqlen, skynet.term and skynet.redirect, with Java services. */
class TaskControlTest {

    static final int T = PType.FOREIGN;
    final Node node = Node.start(NodeConfig.builder().thread(1).build());

    @AfterEach
    void close() {
        node.close();
    }

    /**
     * Context.message() is null in start and in a fork, as its contract says: the kernel's
     * own messages are no request, and a fork parked for good (skynet.wait) that kept its
     * message kept the closure in it too (40 + 72 bytes per idle coroutine).
     */
    @Test
    void startAndAForkHaveNoMessageAndAHandlerHasItsOwn() throws Exception {
        LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        int svc = node.newservice("forker", new Service() {
            @Override
            public void start(Context ctx) {
                seen.add("start " + ctx.message());
            }

            @Override
            public void handle(Context ctx, Message m) {
                seen.add("handler " + (ctx.message() == m));
                ctx.fork(() -> seen.add("fork " + Node.context().message()));   // the fork's own context
                ctx.ret("ok");
            }
        });
        assertThat(node.call(svc, T, "go")).isEqualTo("ok");
        assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("start null");
        assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("handler true");
        assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("fork null");
    }

    @Test
    void mqlenCountsWhatWaitsInTheMailboxWithoutTakingIt() throws Exception {
        int svc = node.newservice("counter", (Context ctx, Message m) -> {
            if (!"count".equals(m.payload())) return;
            TaskContext t = (TaskContext) ctx;
            int before = t.mqlen();
            for (int i = 0; i < 3; i++) ctx.send(ctx.self(), T, "noop");
            ctx.ret(new int[] {before, t.mqlen()});
        });
        assertThat((int[]) node.call(svc, T, "count")).containsExactly(0, 3);
    }

    @Test
    void termFailsTheCallsWaitingOnAServiceAndOnlyThose() throws Exception {
        CountDownLatch held = new CountDownLatch(2);
        int silent = node.newservice("silent", (Context ctx, Message m) -> {
            ctx.response();   // never answered
            held.countDown();
        });
        int other = node.newservice("other", (Context ctx, Message m) -> {
            ctx.response();
            held.countDown();
        });
        int caller = node.newservice("caller", (Context ctx, Message m) -> {
            switch ((String) m.payload()) {
                case "call" -> {
                    try {
                        ctx.ret(ctx.call(silent, T, "x"));
                    } catch (ServiceDeadException e) {
                        ctx.ret("dead: " + e.getMessage());
                    }
                }
                case "call-other" -> ctx.ret(ctx.call(other, T, "x"));
                default -> {
                    ((TaskContext) ctx).term(silent);
                    ctx.ret("termed");
                }
            }
        });
        CompletableFuture<Object> waiting = node.callAsync(caller, T, "call");
        CompletableFuture<Object> unrelated = node.callAsync(caller, T, "call-other");
        assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(node.call(caller, T, "term")).isEqualTo("termed");
        assertThat((String) waiting.get(5, TimeUnit.SECONDS)).startsWith("dead: ").contains("skynet.term");
        assertThat(unrelated).isNotDone();
        assertThat(node.alive(silent)).as("term changes only the caller's view").isTrue();
    }

    @Test
    void redirectDeliversAsFromTheGivenSourceAndRefusesReplies() throws Exception {
        LinkedBlockingQueue<Integer> sources = new LinkedBlockingQueue<>();
        int sink = node.newservice("sink", (Context ctx, Message m) -> sources.add(m.source()));
        int pretend = node.newservice("pretend", (Context ctx, Message m) -> {});
        int forwarder = node.newservice("forwarder", (Context ctx, Message m) -> {
            TaskContext t = (TaskContext) ctx;
            boolean sent = t.redirect(sink, pretend, T, 0, "hi");
            String refused;
            try {
                t.redirect(sink, pretend, PType.RESPONSE, 1, "forged");
                refused = "sent";
            } catch (IllegalArgumentException e) {
                refused = e.getMessage();
            }
            ctx.ret(new Object[] {sent, refused});
        });
        Object[] r = (Object[]) node.call(forwarder, T, "go");
        assertThat(r[0]).isEqualTo(true);
        assertThat((String) r[1]).contains("cannot be sent");
        assertThat(sources.poll(5, TimeUnit.SECONDS)).isEqualTo(pretend);
    }
}
