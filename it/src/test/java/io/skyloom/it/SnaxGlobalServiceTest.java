package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.core.Handle;
import io.skyloom.junit.SkyloomCluster;
import io.skyloom.junit.SkyloomTest;
import org.junit.jupiter.api.Test;

/** A global snax service across two linked nodes: node 1 keeps it, as skynet's master does. */
@SkyloomTest(nodes = 2, servicePath = "src/test/resources/lua")
class SnaxGlobalServiceTest {

    static final String CLIENT = """
            local skynet = require "skynet"
            local snax = require "skynet.snax"
            local foreign = require "pyskynet.foreign"
            foreign.dispatch("launch", function(start)
                local obj = snax.globalservice("snax_counter", start)
                return obj.handle, obj.req.get()
            end)
            foreign.dispatch("query", function()
                return snax.queryglobal("snax_counter").handle
            end)
            foreign.dispatch("add", function(n)
                local obj = snax.queryglobal("snax_counter")
                obj.post.add(n)
                return obj.req.get()
            end)
            skynet.start(function() end)
            """;

    @Test
    void aGlobalServiceLaunchedFromNodeTwoLivesOnNodeOneAndBothNodesFindIt(SkyloomCluster cluster) throws Exception {
        int one = cluster.node(1).scriptservice(CLIENT);
        int two = cluster.node(2).scriptservice(CLIENT);
        // node 1's query starts its manager (which binds the global name) and waits for a launch
        var query = cluster.node(1).foreign().callAsync(one, "query");
        Object[] launched = cluster.node(2).foreign().call(two, "launch", 9L);
        long handle = ((Number) launched[0]).longValue();
        assertThat(Handle.nodeId((int) handle)).isEqualTo(1);
        assertThat(launched[1]).isEqualTo(9L);
        assertThat(query.get(10, java.util.concurrent.TimeUnit.SECONDS)).containsExactly(handle);
        assertThat(cluster.node(1).foreign().call(one, "add", 1L)).containsExactly(10L);
        assertThat(cluster.node(2).foreign().call(two, "launch", 100L)).containsExactly(handle, 10L);
    }
}
