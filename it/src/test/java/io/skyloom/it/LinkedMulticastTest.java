package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.SkyloomCluster;
import io.skyloom.junit.SkyloomTest;
import org.junit.jupiter.api.Test;

/**
 * skynet.multicast and skynet.datacenter between two nodes of one JVM linked by a
 * JvmLink ({@code @SkyloomTest(nodes = 2)}), where values pass by reference: the same
 * driver as over the harbor.
 */
@SkyloomTest(nodes = 2, servicePath = "src/test/resources/lua")
class LinkedMulticastTest {

    static long number(Object o) {
        return ((Number) o).longValue();
    }

    @Test
    void aChannelOfNode1ReachesNode2AndNode2ReadsNode1sDatacenter(SkyloomCluster cluster) {
        Skyloom one = cluster.node(1), two = cluster.node(2);
        int d1 = one.newservice("harbor_mc"), d2 = two.newservice("harbor_mc");
        long ch = number(HarborMulticastTest.on(one, d1, "new")[0]);
        long sub = number(HarborMulticastTest.on(two, d2, "sub", ch)[0]);
        HarborMulticastTest.on(two, d2, "pub", ch, "t", 1L, 10L);
        HarborMulticastTest.on(one, d1, "pub", ch, "t", 11L, 20L);
        assertThat(HarborMulticastTest.on(two, d2, "await_count", sub, 20L)).containsExactly(20L);
        var seen = HarborMulticastTest.seen(HarborMulticastTest.on(two, d2, "log", sub)[0]);
        assertThat(seen.numbers().get("t")).isEqualTo(HarborMulticastTest.oneTo(20));

        HarborMulticastTest.on(one, d1, "dc_set", "k", "v");
        assertThat(HarborMulticastTest.on(two, d2, "dc_get", "k")).containsExactly("v");
    }
}
