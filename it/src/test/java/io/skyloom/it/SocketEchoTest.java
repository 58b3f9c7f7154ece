package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** skynet.socket between Lua services over real loopback sockets: nothing lost, nothing reordered. */
@SkyloomTest(servicePath = "src/test/resources/lua")
class SocketEchoTest {

    static final Duration LONG = Duration.ofMinutes(3);

    @Inject Skyloom node;

    private int serverPort(int server) {
        return ((Number) node.foreign().call(server, "port")[0]).intValue();
    }

    @Test
    void aLuaClientGetsBackEveryByteItSentToALuaEchoServer() {
        int server = node.newservice("net/echo_server");
        int client = node.newservice("net/echo_client");
        Object[] r = node.foreign().call(LONG, client, "short", serverPort(server), 20, 2);
        assertThat(((Number) r[0]).intValue()).isEqualTo(20);
    }
}
