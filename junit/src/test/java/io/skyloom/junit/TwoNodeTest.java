package io.skyloom.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.core.Handle;
import io.skyloom.foreign.ForeignService;
import io.skyloom.foreign.Skyloom;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** Two nodes linked in one JVM: a call crosses the link, and a failure on either node fails the test. */
@SkyloomTest(nodes = 2)
class TwoNodeTest {

    @Test
    void aServiceOnNodeTwoAnswersACallFromNodeOne(SkyloomCluster cluster, Skyloom node) {
        assertThat(cluster.size()).isEqualTo(2);
        assertThat(cluster.node(1)).isSameAs(node);
        int echo = cluster.node(2).newservice("echo", ForeignService.of(Map.of("echo", args -> args)));
        assertThat(Handle.nodeId(echo)).isEqualTo(2);
        assertThat(Handle.nodeId(node.self())).isEqualTo(1);
        assertThat(node.foreign().call(echo, "echo", "across")).containsExactly("across");
    }

    @Test
    void aLuaServiceOnNodeOneCallsNodeTwo(SkyloomCluster cluster) {
        int echo = cluster.node(2).newservice("echo", ForeignService.of(Map.of("echo", args -> args)));
        int lua = cluster.node(1).scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                local target = ...
                foreign.dispatch("relay", function(v) return foreign.call(target, "echo", v) end)
                skynet.start(function() end)
                """, (long) echo);
        assertThat(cluster.node(1).foreign().call(lua, "relay", 5L)).containsExactly(5L);
    }

    @Test
    void aFailureOnTheSecondNodeFailsTheTest() {
        assertThat(Kit.onlyFailure(Kit.run(FailsOnNodeTwo.class))).contains("crashed on node two");
    }

    @Test
    void virtualTimeIsForOneNode() {
        assertThat(Kit.onlyFailure(Kit.run(TwoOnVirtualTime.class))).contains("@SkyloomTest(nodes = 2)").contains("virtual time");
    }

    @Disabled("run by TwoNodeTest")
    @SkyloomTest(nodes = 2)
    static class FailsOnNodeTwo {
        @Test
        void crashes(SkyloomCluster cluster) {
            cluster.node(2).scriptservice("""
                    local skynet = require "skynet"
                    skynet.start(function()
                        skynet.fork(function() error("crashed on node two") end)
                    end)
                    """);
        }
    }

    @Disabled("run by TwoNodeTest")
    @SkyloomTest(nodes = 2, virtualTime = true)
    static class TwoOnVirtualTime {
        @Test
        void never() {}
    }
}
