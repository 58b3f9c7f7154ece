package io.skyloom.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.core.Handle;
import io.skyloom.core.ServiceDeadException;
import io.skyloom.foreign.Skyloom;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** @SkyloomTest(harbor = true): the test's node on a transport folder, and nodes forked into other JVMs. */
@SkyloomTest(harbor = true)
class HarborFixtureTest {

    static final Path MAIN = Path.of("src/test/resources/lua/forked_main.lua");

    @Test
    void aForkedNodeIsCalledByItsGlobalNameAndItsDeathFailsTheWaitingCall(Skyloom node, Harbor harbor) throws Exception {
        assertThat(Handle.nodeId(node.self())).isEqualTo(1);
        ForkedNode peer = harbor.fork(2, MAIN);
        int main = (int) Long.parseLong(peer.ready(Duration.ofSeconds(60)).get(0));
        assertThat(Handle.nodeId(main)).isEqualTo(2);
        assertThat(node.foreign().call(Duration.ofSeconds(10), "forked-echo", "echo", "across")).containsExactly("across");
        var held = node.foreign().callAsync(main, "hold");
        node.foreign().call(Duration.ofSeconds(10), main, "echo", "after hold");       // the peer has it now
        peer.kill();
        assertThatThrownBy(() -> held.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ServiceDeadException.class);
        assertThat(harbor.forks()).containsExactly(peer);
    }

    @Test
    void theHarborAndItsForksAreTheTestsOwn(Harbor harbor) {
        assertThat(harbor.folder()).isDirectory();
        assertThat(harbor.forks()).isEmpty();
    }
}
