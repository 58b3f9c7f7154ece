package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.core.CallFailedException;
import io.skyloom.core.NodeConfig;
import io.skyloom.foreign.Skyloom;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same Lua services compiled to JVM classes with LuaJC (NodeConfig.luajc). */
class LuajcTest {

    static final String LUA_DIR = Path.of("src/test/resources/lua").toAbsolutePath().toString();

    Skyloom node;
    int api;

    @BeforeEach
    void start() {
        node = Skyloom.start(NodeConfig.builder().thread(2).luajc(true).servicePath(LUA_DIR + "/?.lua").build());
        api = node.newservice("skynet_api");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void compiledServicesCallForkWaitAndUseCoroutines() {
        assertThat(node.foreign().call(api, "fork_wait_wakeup")).containsExactly(List.of("fork xy", "woken"));
        assertThat(node.foreign().call(api, "critical_section")).containsExactly(1L);
        assertThat(node.foreign().call(api, "coroutine_calls")).containsExactly(List.of(10L, 20L, 30L));
        assertThat(node.foreign().call(api, "pack")).containsExactly(1L, "two", 3L, "text");
    }

    @Test
    void compiledErrorsStillReachTheCaller() {
        int caller = node.newservice("caller");
        assertThatThrownBy(() -> node.foreign().call(caller, "boom", "compiled failure"))
                .isInstanceOfSatisfying(CallFailedException.class, e -> {
                    // compiled code keeps no Lua frames: position and traceback come from its classes
                    assertThat(e.remoteMessage()).contains("caller.lua:12: ").contains("compiled failure");
                    assertThat(e.remoteTraceback()).contains("stack traceback").contains("caller.lua:12: in function");
                });
        assertThat(node.foreign().call(caller, "relay", "still")).containsExactly("still");
    }

    @Test
    void errorsCaughtInLuaCarryFileAndLine() {
        Object[] r = node.foreign().call(api, "pcall_positions");
        assertThat((String) r[0]).matches(".*skynet_api\\.lua:\\d+: boom");
        assertThat((String) r[1]).matches(".*skynet_api\\.lua:\\d+: attempt to index .*");
        assertThat((String) r[2]).matches("h:.*skynet_api\\.lua:\\d+: handled");
        assertThat(r[3]).isEqualTo("bare");
    }

    @Test
    void killStopsACompiledEndlessLoop() throws Exception {
        int spin = node.newservice("spin");
        var pending = node.foreign().callAsync(spin, "spin");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (node.getenv("spinning") == null && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(node.getenv("spinning")).as("the handler loops").isEqualTo(true);
        node.node().kill(spin);
        assertThat(node.node().whenExited(spin).get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("killed");
        assertThatThrownBy(() -> pending.get(5, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(io.skyloom.core.SkyloomException.class);
        assertThat(node.foreign().call(api, "pack")).containsExactly(1L, "two", 3L, "text");
    }
}
