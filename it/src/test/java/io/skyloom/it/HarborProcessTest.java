package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.skyloom.core.CallFailedException;
import io.skyloom.core.ConfigException;
import io.skyloom.core.Handle;
import io.skyloom.core.NodeConfig;
import io.skyloom.core.ServiceDeadException;
import io.skyloom.foreign.Skyloom;
import io.skyloom.numsky.DType;
import io.skyloom.numsky.NDArray;
import io.skyloom.numsky.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs on one transport folder: this test's node (id 1) and a peer process (id 2)
 * started as a user starts one. Calls both ways, values of every kind, and what
 * happens when the peer is killed, stopped or restarted.
 */
class HarborProcessTest {

    @TempDir
    Path folder;

    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    Skyloom local() {
        Skyloom node = Skyloom.start(NodeConfig.builder().thread(2).nodeId(1).transport(folder).build());
        open.add(node::close);
        return node;
    }

    PeerProcess peer() throws Exception {
        PeerProcess p = PeerProcess.start(folder, 2, "harbor_peer.lua");
        open.add(p);
        return p;
    }

    @Test
    void javaAndLuaCallAServiceOfAnotherProcessAsIfItWereLocal() throws Exception {
        Skyloom node = local();
        PeerProcess peer = peer();
        int echo = peer.handles()[1];
        assertThat(Handle.nodeId(echo)).isEqualTo(2);
        assertThat(node.foreign().call(Duration.ofSeconds(10), echo, "echo", 1L, "two", 3.5, true, null,
                List.of(1L, List.of("x")), java.util.Map.of("k", "v"), new byte[] {(byte) 0xff, 0}))
                .satisfies(r -> {
                    assertThat(r).hasSize(8);
                    assertThat(r[0]).isEqualTo(1L);
                    assertThat(r[1]).isEqualTo("two");
                    assertThat(r[5]).isEqualTo(List.of(1L, List.of("x")));
                    assertThat(r[6]).isEqualTo(java.util.Map.of("k", "v"));
                    assertThat((byte[]) r[7]).containsExactly((byte) 0xff, 0);
                });
        // a Lua service here calls the Lua service there with the lua protocol: tables cross as copies
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("go", function(addr)
                    local t = { list = { 1, 2, 3 }, name = "n" }
                    local r = skynet.call(addr, "lua", "table", t)
                    local pong, from = skynet.call(addr, "lua", "ping")
                    return r.seen == addr, #r.list, r.name, t.seen == nil, pong, from == skynet.self()
                end)
                skynet.start(function() end)
                """);
        assertThat(node.foreign().call(Duration.ofSeconds(10), lua, "go", echo)).containsExactly(true, 3L, "n", true, "pong", true);
        // and the peer calls back into this process's Java gateway
        node.foreign().dispatch("greet", args -> "hello " + args[0]);
        assertThat(node.foreign().call(Duration.ofSeconds(10), echo, "callback", node.self(), "peer"))
                .containsExactly("peer got: hello peer");
    }

    @Test
    void errorsTravelWithTheirTracebackAndAnArrayMakesTheRoundTrip() throws Exception {
        Skyloom node = local();
        int echo = peer().handles()[1];
        assertThatThrownBy(() -> node.foreign().call(Duration.ofSeconds(10), echo, "boom"))
                .isInstanceOfSatisfying(CallFailedException.class, e -> {
                    assertThat(e.remoteMessage()).contains("remote boom");
                    assertThat(e.remoteTraceback()).contains("harbor_echo.lua");
                });
        NDArray a = NDArray.arange(0, 1000, 1, DType.FLOAT64);
        NDArray back = (NDArray) node.foreign().call(Duration.ofSeconds(10), echo, "double", a)[0];
        assertThat(back.shape()).containsExactly(1000);
        assertThat(back.getDouble(999)).isEqualTo(1998.0);
        NDArray view = (NDArray) node.foreign().call(Duration.ofSeconds(10), echo, "echo", a.slice(new io.skyloom.numsky.Slice(0, 10, 2)))[0];
        assertThat(view.size()).isEqualTo(5);
        assertThat(view.getDouble(4)).isEqualTo(8.0);
        assertBigArraysCrossThroughBlockAreas(node, echo);
    }

    /** Arrays of over 64 KiB of data travel in the senders' block areas, both ways, strided views too. */
    void assertBigArraysCrossThroughBlockAreas(Skyloom node, int echo) {
        NDArray big = NDArray.arange(0, 300_000, 1, DType.FLOAT64).reshape(300, 1000);
        // First, while the areas have room (a full one sends inline, and the peer's copy is
        // no view): echoed, the peer's view of this node's block comes back as a reference.
        NDArray echoed = (NDArray) node.foreign().call(Duration.ofSeconds(10), echo, "echo", big)[0];
        assertThat(Npy.isView(echoed)).as("viewed in this node's own block").isTrue();
        assertThat(echoed.shape()).containsExactly(300, 1000);
        assertThat(echoed.getDouble(299, 999)).isEqualTo(299_999.0);
        List<NDArray> kept = new ArrayList<>();
        for (int i = 0; i < 20; i++) {        // more than fit in an area at once, had they not been freed
            NDArray back = (NDArray) node.foreign().call(Duration.ofSeconds(10), echo, "double", big)[0];
            assertThat(back.shape()).containsExactly(300, 1000);
            assertThat(back.getDouble(299, 999)).isEqualTo(599_998.0);
            kept.add(back);                   // all kept: the views hold their blocks, the rest are copies
        }
        assertThat(Npy.isView(kept.get(0))).as("the first reply's data left in its block, not copied").isTrue();
        assertThat(kept.stream().filter(Npy::isView).count()).as("views hold at most 3/4 of the area (16 MiB in these tests)").isLessThan(20);
        assertThat(kept.get(0).getDouble(0, 1)).isEqualTo(2.0);
        kept.get(0).set(-1.0, 0, 1);          // the receiver's own: writable
        assertThat(kept.get(0).getDouble(0, 1)).isEqualTo(-1.0);
        NDArray column = (NDArray) node.foreign().call(Duration.ofSeconds(10), echo, "echo",
                NDArray.arange(0, 200_000, 1, DType.INT64).reshape(1000, 200).slice(new io.skyloom.numsky.Slice(0, 1000, 1), 7))[0];
        assertThat(column.shape()).containsExactly(1000);
        assertThat(column.getLong(999)).isEqualTo(999L * 200 + 7);
        assertThat(folder.resolve("node-1.to-2.blocks")).exists();
        assertThat(folder.resolve("node-2.to-1.blocks")).exists();
    }

    @Test
    void aValueThatCannotCrossFailsTheSenderNamingIt() throws Exception {
        Skyloom node = local();
        int echo = peer().handles()[1];
        record Point(int x, int y) {}
        assertThatThrownBy(() -> node.foreign().call(Duration.ofSeconds(10), echo, "echo", new Point(1, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Point").hasMessageContaining("another process");
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("go", function(addr)
                    return pcall(skynet.call, addr, "lua", "table", { f = function() end })
                end)
                skynet.start(function() end)
                """);
        Object[] r = node.foreign().call(Duration.ofSeconds(10), lua, "go", echo);
        assertThat(r[0]).isEqualTo(false);
        assertThat((String) r[1]).contains("function");
        assertThat(node.foreign().call(Duration.ofSeconds(10), echo, "echo", "still")).containsExactly("still");
    }

    /** 1000 calls held by the peer, then {@code fault}: every one fails within a second. */
    void everyWaitingCallFailsWithinASecondAfter(String fault) throws Exception {
        Skyloom node = local();
        PeerProcess peer = peer();
        int echo = peer.handles()[1];
        assertThat(node.foreign().call(Duration.ofSeconds(10), echo, "echo", 1L)).containsExactly(1L);
        List<CompletableFuture<Object[]>> calls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) calls.add(node.foreign().callAsync(echo, "hold"));
        // the peer has them all once a call sent after them comes back (one sender, in order)
        assertThat(node.foreign().call(Duration.ofSeconds(30), echo, "echo", 2L)).containsExactly(2L);
        long t0 = System.nanoTime();
        peer.signal(fault);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (var c : calls) assertThatThrownBy(c::join).hasCauseInstanceOf(ServiceDeadException.class);
        });
        double secs = (System.nanoTime() - t0) / 1e9;
        assertThat(secs).as("all 1000 failed %.3f s after the %s", secs, fault).isLessThan(1.5);
        assertThatThrownBy(() -> node.foreign().call(echo, "echo", 3L))
                .isInstanceOf(ServiceDeadException.class).hasMessageContaining("id 2");
        assertThat(node.foreign().call(node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("ok", function() return "ok" end)
                skynet.start(function() end)
                """), "ok")).as("this node keeps running").containsExactly("ok");
    }

    @Test
    void killingThePeerFailsEveryCallWaitingOnItWithinASecond() throws Exception {
        everyWaitingCallFailsWithinASecondAfter("KILL");
    }

    @Test
    void stoppingThePeerFailsEveryCallWaitingOnItWithinASecond() throws Exception {
        everyWaitingCallFailsWithinASecondAfter("STOP");
    }

    @Test
    void aRestartedPeerIsReachableAgain() throws Exception {
        Skyloom node = local();
        PeerProcess first = peer();
        int echo = first.handles()[1];
        assertThat(node.foreign().call(Duration.ofSeconds(10), echo, "echo", 1L)).containsExactly(1L);
        assertBigArraysCrossThroughBlockAreas(node, echo);
        first.signal("KILL");
        first.process.waitFor(10, TimeUnit.SECONDS);
        PeerProcess second = peer();
        int again = second.handles()[1];
        assertThat(Handle.nodeId(again)).isEqualTo(2);
        assertThat(node.foreign().call(Duration.ofSeconds(10), again, "echo", "back")).containsExactly("back");
        assertBigArraysCrossThroughBlockAreas(node, again);    // both areas made anew for the new incarnation
    }

    @Test
    void aSecondNodeWithTheSameIdRefusesToStartNamingIdAndFolder() throws Exception {
        local();
        assertThatThrownBy(() -> Skyloom.start(NodeConfig.builder().thread(1).nodeId(1).transport(folder).build()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("node id 1").hasMessageContaining(folder.toString());
        PeerProcess p = peer();
        p.handles();
        PeerProcess twin = PeerProcess.start(folder, 2, "harbor_peer.lua");
        open.add(twin);
        assertThat(twin.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(twin.process.exitValue()).isNotZero();
        assertThat(twin.output()).contains("node id 2 is already running").contains(folder.toString());
    }

    @Test
    void aMissingOrUnwritableFolderIsAClearErrorAtStart() throws Exception {
        assertThatThrownBy(() -> Skyloom.start(NodeConfig.builder().nodeId(1).transport(folder.resolve("nope")).build()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("transport").hasMessageContaining("nope");
        Path ro = Files.createDirectory(folder.resolve("ro"));
        ro.toFile().setWritable(false);
        if (!Files.isWritable(ro)) {      // root may write anywhere: then only the missing case applies
            assertThatThrownBy(() -> Skyloom.start(NodeConfig.builder().nodeId(1).transport(ro).build()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("not writable");
        }
        assertThatThrownBy(() -> Skyloom.start(NodeConfig.builder().nodeId(0).transport(folder).build()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("harbor");
    }

    @Test
    void globalNamesResolveAcrossProcessesAndHarborLinkReturnsWhenThePeerDies() throws Exception {
        Skyloom node = local();
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        node.onPeer((id, up) -> events.add(id + (up ? " up" : " down")));
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local harbor = require "skynet.harbor"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("find", function()
                    local h = harbor.queryname("peerecho")        -- waits until the peer binds it
                    return h, foreign.call("peerecho", "echo", "by name")
                end)
                foreign.dispatch("link", function() harbor.link(2) return "node 2 went down" end)
                foreign.dispatch("connect", function() harbor.connect(2) return "node 2 is up" end)
                skynet.start(function() end)
                """);
        var found = node.foreign().callAsync(Duration.ofSeconds(60), lua, "find");
        var connected = node.foreign().callAsync(Duration.ofSeconds(60), lua, "connect");
        PeerProcess peer = peer();
        int echo = peer.handles()[1];
        assertThat(found.get(60, TimeUnit.SECONDS)).containsExactly((long) echo, "by name");
        assertThat(connected.get(60, TimeUnit.SECONDS)).containsExactly("node 2 is up");
        assertThat(node.foreign().call(Duration.ofSeconds(10), "peerecho", "echo", "java by name")).containsExactly("java by name");
        assertThat(node.query("peerecho")).isEqualTo(echo);
        var linked = node.foreign().callAsync(Duration.ofSeconds(60), lua, "link");
        assertThat(linked).isNotDone();
        peer.signal("KILL");
        assertThat(linked.get(5, TimeUnit.SECONDS)).containsExactly("node 2 went down");
        assertThat(node.query("peerecho")).as("the name of a dead node resolves to nothing").isZero();
        assertThat(events).contains("2 up", "2 down");
    }

    /** The README's "Two processes" example, its files and commands as they stand there. */
    @Test
    void theReadmesTwoProcessExampleRunsAsWritten() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("## Two processes"), readme.indexOf("## The launcher"));
        List<String> blocks = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("```(\\w*)\n(.*?)```", java.util.regex.Pattern.DOTALL).matcher(section);
        while (m.find()) blocks.add(m.group(2));
        assertThat(blocks).hasSize(4);
        String aConfig = blocks.get(0).replace("/tmp/skyloom-harbor", folder.toString());
        Files.writeString(folder.resolve("a.config"), aConfig);
        Files.writeString(folder.resolve("b.config"), aConfig.replace("harbor = 1", "harbor = 2"));
        Files.writeString(folder.resolve("b.lua"), blocks.get(1));
        Files.writeString(folder.resolve("a.lua"), blocks.get(2));
        Process b = launch("b");
        open.add(b::destroyForcibly);
        Process a = launch("a");
        open.add(a::destroyForcibly);
        assertThat(a.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(a.getInputStream().readAllBytes());
        assertThat(out).contains("b got hello");
        assertThat(a.exitValue()).isZero();
    }

    private Process launch(String which) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent")) cmd.add(arg);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.skyloom.launcher.Main", "run", "--config",
                folder.resolve(which + ".config").toString(), folder.resolve(which + ".lua").toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }
}
