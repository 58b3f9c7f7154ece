package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** UDP round trips between Lua sockets, and name lookups that park only the asking task. */
@SkyloomTest(servicePath = "src/test/resources/lua")
class SocketUdpDnsTest {

    @Inject Skyloom node;

    @Test
    void datagramsGoToAUdpEchoSocketAndComeBackFromItsAddress() {
        int lua = node.newservice("net/udp_dns");
        Object[] r = node.foreign().call(Duration.ofSeconds(30), lua, "udp", 3);
        assertThat(r).containsExactly("echo:ping1,echo:ping2,echo:ping3", "127.0.0.1", true);
    }

    @Test
    void localhostResolvesToLoopbackAndAMissingNameGivesNilAndWhy() {
        int lua = node.newservice("net/udp_dns");
        Object[] r = node.foreign().call(Duration.ofSeconds(30), lua, "dns");
        assertThat(r[0]).isEqualTo("127.0.0.1");
        assertThat(((Number) r[1]).intValue()).isGreaterThanOrEqualTo(1);
        assertThat((String) r[2]).contains("127.0.0.1");
        assertThat(r[3]).isNull();
        assertThat((String) r[4]).contains("no-such-host.invalid");
        assertThat(r[5]).isEqualTo("10.1.2.3");
    }
}
