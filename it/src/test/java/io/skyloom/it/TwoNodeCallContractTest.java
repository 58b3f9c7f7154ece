package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.skyloom.core.Context;
import io.skyloom.core.Handle;
import io.skyloom.core.JvmLink;
import io.skyloom.core.Message;
import io.skyloom.core.NodeConfig;
import io.skyloom.core.ServiceDeadException;
import io.skyloom.foreign.Skyloom;
import org.junit.jupiter.api.Test;

/**
 * The call contract across the transport seam: services on node 2, callers on node 1,
 * linked in one JVM. Everything the in-process suite checks holds here unchanged.
 */
class TwoNodeCallContractTest extends CallContract {

    final JvmLink link = new JvmLink();

    @Override
    Skyloom startNode() {
        return Skyloom.start(NodeConfig.builder().thread(1).nodeId(2).build(), link.transport());
    }

    @Override
    Skyloom startClient(Skyloom node) {
        return Skyloom.start(NodeConfig.builder().thread(1).nodeId(1).build(), link.transport());
    }

    @Test
    void handlesCarryTheirNodeId() {
        assertThat(Handle.nodeId(echo())).isEqualTo(2);
        assertThat(Handle.nodeId(client.self())).isEqualTo(1);
    }

    @Test
    void aNodeIdNobodyServesFailsAtOnceNamingIt() {
        int nowhere = Handle.of(7, 5);
        assertThatThrownBy(() -> foreign.call(nowhere, "echo"))
                .isInstanceOf(ServiceDeadException.class).hasMessageContaining("id 7").hasMessageContaining(":07000005");
        assertThat(foreign.send(nowhere, "echo")).isFalse();
    }

    @Test
    void aPeerThatGoesDownFailsEveryCallWaitingOnIt() throws Exception {
        int svc = node.newservice("hold", (Context ctx, Message m) -> ctx.response());
        var waiting = new java.util.ArrayList<java.util.concurrent.CompletableFuture<Object[]>>();
        for (int i = 0; i < 50; i++) waiting.add(foreign.callAsync(svc, "x"));
        assertThat(link.nodeIds()).contains(2);
        node.close();
        assertTimeoutPreemptively(AT_ONCE, () -> {
            for (var f : waiting)
                assertThatThrownBy(() -> f.get()).hasCauseInstanceOf(ServiceDeadException.class);
        });
        assertThatThrownBy(() -> foreign.call(svc, "x")).isInstanceOf(ServiceDeadException.class).hasMessageContaining("id 2");
    }

    @Test
    void twoNodesCannotShareAnIdOnOneLink() {
        assertThatThrownBy(() -> Skyloom.start(NodeConfig.builder().thread(1).nodeId(2).build(), link.transport()))
                .hasMessageContaining("node id 2 is already on this link");
    }

    @Test
    void globalNamesResolveOnEveryNodeOfTheLinkAndGoWithTheirService() {
        int svc = echo();
        node.name("shared-echo", svc);
        assertThat(client.query("shared-echo")).isEqualTo(svc);
        assertThat(foreign.call("shared-echo", "echo", "hi")).containsExactly("hi");
        int lua = client.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("go", function() return skynet.call("shared-echo", "foreign", "echo", "from lua") end)
                skynet.start(function() end)
                """);
        assertThat(foreign.call(lua, "go")).containsExactly("from lua");
        node.kill(svc);
        assertThat(client.query("shared-echo")).isZero();
        assertThatThrownBy(() -> node.name("not ok!", echo())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid global name");
    }
}
