package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** skynet.socket against plain Java sockets, both ways: every read of socket.lua sees what the peer sent. */
@SkyloomTest(servicePath = "src/test/resources/lua")
class SocketInteropTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject Skyloom node;

    @Test
    void aJavaClientIsReadByLineBySizeByBlockAndToTheCloseByALuaServer() throws Exception {
        int server = node.newservice("net/reader_server");
        int port = ((Number) node.foreign().call(server, "port")[0]).intValue();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            java.io.InputStream in = s.getInputStream();
            out.write("hello\n".getBytes());
            assertThat(line(in)).isEqualTo("L:hello");
            out.write("x\ry".getBytes());
            out.flush();
            out.write("\r\n".getBytes());
            assertThat(line(in)).isEqualTo("C:x\ry");
            out.write("123".getBytes());
            out.flush();
            out.write("45".getBytes());
            assertThat(line(in)).isEqualTo("R:12345");
            out.write("zz".getBytes());
            assertThat(line(in)).isEqualTo("B:true:zz");
            out.write("tail ".getBytes());
            out.write("end".getBytes());
            s.shutdownOutput();
            assertThat(node.foreign().call(WAIT, server, "result", "readall")).containsExactly("tail end", false, "");
            assertThat(node.foreign().call(WAIT, server, "result", "closed")).containsExactly(false, true);
        }
    }

    /** The bytes up to "\n" (BufferedReader would end a line at a lone "\r" too). */
    static String line(java.io.InputStream in) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) throw new java.io.EOFException("closed after " + sb);
            sb.append((char) b);
        }
        return sb.toString();
    }

    @Test
    void aLuaClientReadsLinesASizeAndTheRestFromAJavaServer() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> heard = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (Socket c = ss.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.ISO_8859_1));
                    heard.complete(in.readLine());
                    OutputStream out = c.getOutputStream();
                    out.write("first line\nsec".getBytes());
                    out.flush();
                    out.write("ond\r\n0123456789the rest".getBytes());
                } catch (Exception e) {
                    heard.completeExceptionally(e);
                }
            });
            int client = node.newservice("net/reader_client");
            Object[] r = node.foreign().call(WAIT, client, "run", ss.getLocalPort());
            assertThat(r).containsExactly("first line", "second", "0123456789", "the rest", false, "", false);
            assertThat(heard.get(10, TimeUnit.SECONDS)).isEqualTo("hello server");
        }
    }

    @Test
    void anOpenToAPortNobodyListensOnReturnsNilAndWhy() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = ss.getLocalPort();
        }
        int client = node.newservice("net/reader_client");
        Object[] r = node.foreign().call(WAIT, client, "refused", port);
        assertThat(r[0]).isNull();
        assertThat((String) r[1]).contains("connect 127.0.0.1:" + port + " failed").containsIgnoringCase("refused");
    }

    @Test
    void writesPastOneMebibyteToAPeerThatDoesNotReadWarnAndNeverBlockTheService() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            int client = node.newservice("net/writer_client");
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return ss.accept();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            assertThat(node.foreign().call(WAIT, client, "flood", ss.getLocalPort(), 8)).containsExactly(true);
            assertThat(node.foreign().call(WAIT, client, "ping")).containsExactly("pong");
            try (Socket peer = accepted.get(10, TimeUnit.SECONDS)) {
                String early = (String) node.foreign().call(WAIT, client, "warnings")[0];
                assertThat(early).as("warned while 8 MiB wait to go out").isNotEmpty();
                assertThat(Integer.parseInt(early.split(",")[0])).isGreaterThanOrEqualTo(1024);
                peer.setSoTimeout(30_000);
                assertThat(peer.getInputStream().readNBytes(8 << 20)).hasSize(8 << 20).containsOnly('w');
                long end = System.nanoTime() + WAIT.toNanos();
                String all;
                do {
                    all = (String) node.foreign().call(WAIT, client, "warnings")[0];
                } while (!all.endsWith(",0") && System.nanoTime() < end);
                assertThat(all).as("a last warning of 0 once everything went out").endsWith(",0");
            }
        }
    }

    @Test
    void aCloseWhileAnotherTaskReadsEndsThatReadWithFalseAndWhatCame() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> peerSaw = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (Socket c = ss.accept()) {
                    c.getOutputStream().write("abc".getBytes());
                    peerSaw.complete(c.getInputStream().read());
                } catch (Exception e) {
                    peerSaw.completeExceptionally(e);
                }
            });
            int client = node.newservice("net/reader_client");
            Object[] r = node.foreign().call(WAIT, client, "close_while_reading", ss.getLocalPort());
            assertThat(r[0]).isEqualTo(false);
            assertThat((String) r[1]).isIn("", "abc");
            assertThat(r[2]).isEqualTo(true);
            assertThat(peerSaw.get(10, TimeUnit.SECONDS)).as("the peer sees the close").isEqualTo(-1);
        }
    }

    @Test
    void aSlowLuaReaderGetsEightMebibytesIntactWhileTheDriverHoldsBackWhatItHasNotRead() throws Exception {
        int total = 8 << 20;
        try (ServerSocket ss = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket c = ss.accept()) {
                    byte[] block = new byte[251 * 256];
                    for (int i = 0; i < block.length; i++) block[i] = (byte) (i % 251);
                    OutputStream out = c.getOutputStream();
                    for (int sent = 0; sent < total; sent += block.length) out.write(block, 0, Math.min(block.length, total - sent));
                } catch (Exception ignored) {
                    // the test's assertion says what went wrong
                }
            });
            int client = node.newservice("net/reader_client");
            Object[] r = node.foreign().call(Duration.ofMinutes(2), client, "slow_reader", ss.getLocalPort(), total, 4096);
            assertThat(((Number) r[0]).intValue()).isEqualTo(total);
            assertThat(((Number) r[1]).intValue()).as("nothing after the last byte").isZero();
            // read ahead of the reader: Lua's buffer (paused past 128 KiB) plus the mailbox's 1 MiB of data in flight
            assertThat(((Number) r[2]).intValue()).isLessThan((1 << 20) + (1 << 19));
        }
    }
}
