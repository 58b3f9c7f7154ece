package io.skyloom.core.kernel;

import io.skyloom.core.*;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Node#services}: the node-wide list the debug console's {@code list} prints. */
class NodeServicesTest {

    @Test
    void servicesListsEachLiveServiceByHandleWithWhatItWasStartedAsAndForgetsAKilledOne() throws Exception {
        try (Node node = Node.start(NodeConfig.builder().thread(1).build())) {
            int echo = node.newservice("echo", (Context ctx, Message m) -> ctx.ret(m.payload()));
            int other = node.newservice("other", (Context ctx, Message m) -> ctx.ret(m.payload()));
            assertThat(node.services()).containsEntry(echo, "echo").containsEntry(other, "other")
                    .doesNotContainKey(node.gateway().handle()).hasSize(2);
            assertThat(node.services().firstKey()).isEqualTo(echo);

            node.kill(echo);
            node.whenExited(echo).get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(node.services()).containsOnlyKeys(other);
        }
    }
}
