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
            Thread.onSpinWait();
            Thread.yield();
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
    }

    @Test
    void aPeerThatResetsMidReadGivesTheReaderFalseAndWhatCameAndTheServerGoesOn() throws Exception {
        int server = node.newservice("net/bad_peer_server");
        int port = ((Number) node.foreign().call(server, "ports")[0]).intValue();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write("0123456789".getBytes());
            s.getOutputStream().flush();
            s.setSoLinger(true, 0);   // close sends a reset
        }
        Object[] first = await(() -> node.foreign().call(server, "read", 1));
        assertThat(first[1]).isEqualTo(false);
        assertThat(first[2]).isEqualTo("0123456789");
        byte[] hundred = "x".repeat(100).getBytes();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
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
}
