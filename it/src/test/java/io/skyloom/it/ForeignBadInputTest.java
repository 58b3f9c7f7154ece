package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.core.CallFailedException;
import io.skyloom.core.NodeConfig;
import io.skyloom.foreign.ForeignHandler;
import io.skyloom.foreign.ForeignService;
import io.skyloom.foreign.Skyloom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Java side's bad input: clear errors at once, nothing shared by accident. */
class ForeignBadInputTest {

    final Skyloom node = Skyloom.start(NodeConfig.builder().thread(2).build());

    @AfterEach
    void close() {
        node.close();
    }

    record Order(String id, List<Object> items) {}

    record Point(long x, long y) {}

    @Test
    void aRecordWithAMutableListIsCopiedAndAnImmutableOnePassesByReference() throws Exception {
        CountDownLatch inside = new CountDownLatch(1), changed = new CountDownLatch(1);
        int svc = node.newservice("keeper", new ForeignService().on("keep", args -> {
            inside.countDown();
            changed.await(5, TimeUnit.SECONDS);
            Order o = (Order) args[0];
            return (long) o.items().size();
        }).on("same", args -> args[0]));
        List<Object> items = new ArrayList<>(List.of("a"));
        var call = node.foreign().callAsync(svc, "keep", new Order("o1", items));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        items.add("b");                               // the caller's change after the call
        changed.countDown();
        assertThat(call.get(5, TimeUnit.SECONDS)).containsExactly(1L);
        Point p = new Point(1, 2);
        assertThat(node.foreign().call(svc, "same", p)[0]).isSameAs(p);
    }

    @Test
    void cyclicOrTooDeepArgumentsAreRefusedNamingTheLimit() {
        int svc = node.newservice("echo", ForeignService.of(Map.of("echo", args -> args)));
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertThatThrownBy(() -> node.foreign().call(svc, "echo", cyclic))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64");
        List<Object> deep = new ArrayList<>();
        List<Object> at = deep;
        for (int i = 0; i < 100_000; i++) {
            List<Object> next = new ArrayList<>();
            at.add(next);
            at = next;
        }
        assertThatThrownBy(() -> node.foreign().call(svc, "echo", deep))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64");
        // a handler returning one fails its caller the same way
        int bad = node.newservice("bad", new ForeignService().on("cycle", args -> cyclic));
        assertThatThrownBy(() -> node.foreign().call(bad, "cycle"))
                .isInstanceOf(CallFailedException.class).hasMessageContaining("64");
        assertThat(node.foreign().call(svc, "echo", "still fine")).containsExactly("still fine");
    }

    @Test
    void nullsAreRefusedNamingWhatWasNull() {
        int svc = node.newservice("echo", ForeignService.of(Map.of("echo", args -> args)));
        assertThatThrownBy(() -> node.foreign().call(svc, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("command name is null");
        assertThatThrownBy(() -> node.foreign().call(svc, "echo", (Object[]) null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument array");
        assertThatThrownBy(() -> node.foreign().call(null, "echo")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
        assertThatThrownBy(() -> node.foreign().dispatch((ForeignHandler) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> node.foreign().dispatch("x", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x'");
        assertThatThrownBy(() -> node.foreign().call(java.time.Duration.ofSeconds(1), svc, "echo", (Object[]) null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(node.foreign().call(svc, "echo", new Object[] {null})).containsExactly((Object) null);
    }

    @Test
    void closingWithBlockedHandlersSaysSoInOneLine() throws Exception {
        int blocked = 50;
        CountDownLatch in = new CountDownLatch(blocked);
        node.foreign().dispatch("block", args -> {
            in.countDown();
            new CountDownLatch(1).await();
            return null;
        });
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("go", function(n)
                    for i = 1, n do foreign.send(".java", "block") end
                    return true
                end)
                skynet.start(function() end)
                """);
        node.foreign().call(lua, "go", (long) blocked);
        assertThat(in.await(5, TimeUnit.SECONDS)).isTrue();
        try (LogCapture log = new LogCapture()) {
            node.close();
            assertThat(log.text()).contains("interrupted " + blocked + " blocked gateway handlers")
                    .doesNotContain("InterruptedException").doesNotContain("handler failed");
        }
    }

    @Test
    void aFloodOfFailuresIsLoggedOnceWithACount() throws Exception {
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("flood", function(n)
                    for i = 1, n do foreign.send(".java", "nobody") end
                    return true
                end)
                skynet.start(function() end)
                """);
        int baseline = node.node().tasks().liveCount();     // the node's own tasks (its monitor)
        try (LogCapture log = new LogCapture()) {
            node.foreign().call(lua, "flood", 5_000L);
            assertThat(node.foreign().call(lua, "flood", 0L)).containsExactly(true);
            // every send is handled on its own thread: wait until they all ran, by a deadline
            long end = System.nanoTime() + 10_000_000_000L;
            while (node.node().tasks().liveCount() > baseline && System.nanoTime() < end) Thread.sleep(5);
            long traces = log.text().lines().filter(l -> l.contains("handler failed")).count();
            assertThat(traces).isEqualTo(1);
        }
    }
}
