package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Who may use a socket, handing one over, and peers that misbehave. */
@SkyloomTest(servicePath = "src/test/resources/lua")
class SocketOwnershipTest {

    @Inject Skyloom node;

    /** Polls a service until it has recorded something (a condition with a deadline, no fixed sleep). */
    static Object[] await(Supplier<Object[]> poll) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (;;) {
            Object[] r = poll.get();
            if (Boolean.TRUE.equals(r[0])) return r;
            if (System.nanoTime() > end) throw new AssertionError("nothing recorded within 30 s");
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }

    /** Reads until the peer's end, within 30 s: true when the connection ended (EOF or reset). */
    static boolean endsWithin30s(Socket s) throws Exception {
        s.setSoTimeout(30_000);
        try {
            return s.getInputStream().read() < 0;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Test
    void aConnectionClosedBeforeAnyoneStartedItEndsAndLeavesTheDriver() throws Exception {
        int server = node.newservice("net/refuser", "close");
        int port = ((Number) node.foreign().call(server, "port")[0]).intValue();
        for (int i = 0; i < 20; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThat(endsWithin30s(s)).isTrue();
            }
        }
        await(() -> new Object[] {((Number) node.foreign().call(server, "refused")[0]).intValue() == 20});
        await(() -> new Object[] {((Number) node.foreign().call(server, "connections")[0]).intValue() == 0});
    }

    @Test
    void connectionsNobodyStartedCloseWhenTheServiceThatAcceptedThemExits() throws Exception {
        int server = node.newservice("net/refuser", "keep");
        int port = ((Number) node.foreign().call(server, "port")[0]).intValue();
        try (Socket a = new Socket(InetAddress.getLoopbackAddress(), port);
             Socket b = new Socket(InetAddress.getLoopbackAddress(), port)) {
            await(() -> new Object[] {((Number) node.foreign().call(server, "connections")[0]).intValue() == 2});
            node.kill(server);
            assertThat(endsWithin30s(a)).isTrue();
            assertThat(endsWithin30s(b)).isTrue();
        }
    }

    @Test
    void anAbandonedConnectionIsReadByTheServiceThatStartsItAndItsFormerOwnerCannotWriteToIt() throws Exception {
        int acceptor = node.newservice("net/acceptor");
        Object[] info = node.foreign().call(acceptor, "port");
        int port = ((Number) info[0]).intValue();
        long worker = ((Number) info[1]).longValue();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("first\n".getBytes());
            assertThat(SocketInteropTest.line(in)).isEqualTo("ack:first");
            out.write("second\nthird\n".getBytes());
            assertThat(SocketInteropTest.line(in)).isEqualTo("worker:second");
            assertThat(SocketInteropTest.line(in)).isEqualTo("worker:third");
        }
        Object[] after = await(() -> {
            Object[] a = node.foreign().call(acceptor, "after", 1);
            return new Object[] {a.length > 0 && a[0] != null, a.length > 0 ? a : null};
        });
        Object[] a = (Object[]) after[1];
        assertThat(a[0]).isEqualTo(false);
        assertThat((String) a[1]).contains("belongs to service").contains(String.format(":%08x", worker));
        assertThat(a[2]).isEqualTo(true);
        assertThat(a[3]).isEqualTo(false);
        assertThat((String) a[4]).contains("socket.start").contains("belongs to service");
    }

    @Test
    void anAcceptedConnectionPassedOnUnstartedBelongsToTheServiceThatStartsIt() throws Exception {
        int acceptor = node.newservice("net/acceptor");
        int port = ((Number) node.foreign().call(acceptor, "port")[2]).intValue();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write("direct\n".getBytes());
            assertThat(SocketInteropTest.line(s.getInputStream())).isEqualTo("worker:direct");
        }
    }

    @Test
    void aPeerThatResetsMidReadGivesTheReaderFalseAndWhatCameAndTheServerGoesOn() throws Exception {
        int server = node.newservice("net/bad_peer_server");
        int port = ((Number) node.foreign().call(server, "ports")[0]).intValue();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write("0123456789".getBytes());
            s.getOutputStream().flush();
            assertThat(SocketInteropTest.line(s.getInputStream())).isEqualTo("reading");
            s.setSoLinger(true, 0);   // close sends a reset
        }
        Object[] first = await(() -> node.foreign().call(server, "read", 1));
        assertThat(first[1]).isEqualTo(false);
        assertThat(first[2]).isEqualTo("0123456789");
        byte[] hundred = "x".repeat(100).getBytes();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            assertThat(SocketInteropTest.line(s.getInputStream())).isEqualTo("reading");
            s.getOutputStream().write(hundred);
            assertThat(s.getInputStream().readNBytes(100)).isEqualTo(hundred);
        }
        assertThat(await(() -> node.foreign().call(server, "read", 2))).containsExactly(true, "x".repeat(100), null);
    }

    @Test
    void aClientThatSendsPastTheReadLimitIsClosedAndTheReaderGetsFalse() throws Exception {
        int server = node.newservice("net/bad_peer_server");
        int port = ((Number) node.foreign().call(server, "ports")[1]).intValue();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            try {
                s.getOutputStream().write(new byte[5000]);
                assertThat(s.getInputStream().read()).as("the server closed the connection").isEqualTo(-1);
            } catch (java.net.SocketException reset) {
                // the server closed with unread bytes: a reset is what the peer sees then
            }
        }
        Object[] r = await(() -> node.foreign().call(server, "limited", 1));
        assertThat(r[1]).isEqualTo(false);
        assertThat(((Number) r[2]).intValue()).isGreaterThan(1000);
        assertThat(r[3]).isEqualTo(true);
    }

    /** The listener on port closes (its owner's exit closes it from another thread): connects until refused. */
    static void awaitRefused(int port) throws java.io.IOException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (;;) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                if (System.nanoTime() > end) throw new AssertionError("port " + port + " still accepts");
            } catch (java.net.ConnectException refused) {
                return;
            }
        }
    }

    static void assertClosedByPeer(Socket s) throws java.io.IOException {
        s.setSoTimeout(30_000);
        try {
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        } catch (java.net.SocketException reset) {
            // closed with a reset: also closed
        }
    }

    @Test
    void aServiceThatExitsTakesItsConnectionsAndListenerWithIt() throws Exception {
        int server = node.newservice("net/echo_server");
        int port = ((Number) node.foreign().call(server, "port")[0]).intValue();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write("hi".getBytes());
            assertThat(s.getInputStream().readNBytes(2)).isEqualTo("hi".getBytes());
            node.kill(server);
            assertClosedByPeer(s);
        }
        awaitRefused(port);
    }

    @Test
    void closingTheNodeClosesEverySocket() throws Exception {
        Skyloom own = Skyloom.start(io.skyloom.core.NodeConfig.builder().thread(2).servicePath(LuaServiceTest.LUA_DIR + "/?.lua").build());
        int port;
        Socket s;
        try {
            int server = own.newservice("net/echo_server");
            port = ((Number) own.foreign().call(server, "port")[0]).intValue();
            s = new Socket(InetAddress.getLoopbackAddress(), port);
            s.getOutputStream().write("hi".getBytes());
            s.setSoTimeout(30_000);
            assertThat(s.getInputStream().readNBytes(2)).isEqualTo("hi".getBytes());
        } finally {
            own.close();
        }
        try (s) {
            assertClosedByPeer(s);
        }
        awaitRefused(port);
    }

    @Test
    void misusesOfTheSocketApiAreLuaErrorsThatSayWhatIsWrong() {
        int lua = node.newservice("net/bad_args");
        Object[] r = node.foreign().call(Duration.ofSeconds(30), lua, "run");
        assertThat((String) r[0]).contains("socket.listen").contains("invalid port 70000");
        assertThat((String) r[1]).contains("socket.connect").contains("a host is needed");
        assertThat((String) r[2]).contains("socket 12345 is not started in this service");
        assertThat((String) r[3]).contains("socket.send").contains("invalid string at index 2");
        assertThat(r[4]).isEqualTo("false");
        assertThat((String) r[5]).contains("socket.listen").contains("not an address at all");
        assertThat((String) r[6]).contains("pack").contains("at most 65535 bytes");
        assertThat((String) r[7]).contains("not a socket message");
        assertThat((String) r[8]).contains("netpack.pack").contains("invalid string at index 2");
        assertThat((String) r[9]).contains("has no peer");
        assertThat((String) r[10]).contains("invalid address nowhere");
        assertThat(node.foreign().call(lua, "run")).as("the service goes on").hasSize(11);
    }
}
