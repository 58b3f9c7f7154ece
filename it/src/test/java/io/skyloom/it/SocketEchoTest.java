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

    @Test
    void tenThousandShortConnectionsFourAtATimeEachGetTheirBytesBack() {
        int server = node.newservice("net/echo_server");
        int client = node.newservice("net/echo_client");
        Object[] r = node.foreign().call(LONG, client, "short", serverPort(server), 10_000, 4);
        assertThat(((Number) r[0]).intValue()).isEqualTo(10_000);
        Object[] stats = node.foreign().call(LONG, server, "stats");
        assertThat(((Number) stats[0]).intValue()).as("connections served to their close").isGreaterThanOrEqualTo(9_990);
    }

    @Test
    void aHundredLongConnectionsAtOnceStreamEveryByteBackInOrder() {
        int server = node.newservice("net/echo_server");
        int client = node.newservice("net/echo_client");
        Object[] r = node.foreign().call(LONG, client, "long", serverPort(server), 100, 200);
        long expected = 0;
        for (int conn = 1; conn <= 100; conn++)
            for (int i = 1; i <= 200; i++) expected += (conn + ":" + i + ":").length() + (conn * 7 + i * 13) % 300;
        assertThat(((Number) r[0]).longValue()).isEqualTo(expected);
    }

    @Test
    void netstatListsTheListenerAndEachConnectionWithItsOwnerAndCounts() throws Exception {
        int server = node.newservice("net/echo_server");
        int port = serverPort(server);
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write("12345".getBytes());
            assertThat(s.getInputStream().readNBytes(5)).isEqualTo("12345".getBytes());
            String owner = String.format(":%08x", server);
            String stat = (String) node.foreign().call(server, "netstat")[0];
            assertThat(stat).contains("LISTEN " + owner + " true 1 127.0.0.1:" + port)
                    .contains("TCP " + owner + " true 5 127.0.0.1:" + s.getLocalPort());
        }
    }
}
