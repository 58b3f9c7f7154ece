package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile peers of the Lua HTTP and websocket server (http/web.lua with a 1 s request
 * timeout): each gets a clear error for its own connection, which the agent logs with
 * the peer's address, and the server goes on serving everyone else.
 */
@SkyloomTest(servicePath = "src/test/resources/lua")
class HttpBadInputTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject Skyloom node;
    int web, port, wsport;

    @BeforeEach
    void start() {
        web = node.newservice("http/web", "2", "100");
        Object[] ports = node.foreign().call(web, "ports");
        port = ((Number) ports[0]).intValue();
        wsport = ((Number) ports[1]).intValue();
    }

    private Socket connect(int p) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), p);
        s.setSoTimeout((int) WAIT.toMillis());
        return s;
    }

    /** Everything the server sends until it closes the connection. */
    private static String readToEnd(Socket s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
        } catch (java.net.SocketException reset) {
            // closed by the server while we still wrote: what arrived is kept
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @SuppressWarnings("unchecked")
    private List<Object> report(int index) {
        return (List<Object>) node.foreign().call(web, "report")[index];
    }

    /** Waits (up to WAIT) until an agent has logged a line with every fragment. */
    private String awaitLogged(String... fragments) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Object line : report(0)) {
                String l = line.toString();
                if (java.util.Arrays.stream(fragments).allMatch(l::contains)) return l;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));   // polling the report, bounded by the deadline
        }
        throw new AssertionError("no logged line with " + List.of(fragments) + " in " + report(0));
    }

    private void serverStillServes() throws Exception {
        HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello?name=next"))
                .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("hello next");
    }

    @Test
    void oversizeHeadersAreRefusedWith413() throws Exception {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n").getBytes());
            assertThat(readToEnd(s)).startsWith("HTTP/1.1 413 ").contains("request head longer than 8192 bytes");
            awaitLogged("127.0.0.1:" + s.getLocalPort(), "413 request head longer than 8192 bytes");
        }
        serverStillServes();
    }

    @Test
    void aBadChunkLengthIsRefusedWith400() throws Exception {
        try (Socket s = connect(port)) {
            s.getOutputStream().write("POST /digest HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n-3\r\nabc\r\n0\r\n\r\n".getBytes());
            assertThat(readToEnd(s)).startsWith("HTTP/1.1 400 ").contains("bad chunk size \"-3\"");
            awaitLogged("127.0.0.1:" + s.getLocalPort(), "400 bad chunk size");
        }
        serverStillServes();
    }

    @Test
    void aSlowlorisTrickleIsCutOffByTheRequestTimeout() throws Exception {
        try (Socket s = connect(port)) {
            OutputStream out = s.getOutputStream();
            out.write("GET /hello HTTP/1.1\r\nHost: x\r\n".getBytes());
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 600; i++) {
                        out.write('a');
                        out.flush();
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));   // the attack's pace, not a wait
                    }
                } catch (IOException closed) {
                    // the server cut it off
                }
            });
            long t0 = System.nanoTime();
            serverStillServes();                       // others are served meanwhile
            assertThat(readToEnd(s)).isEmpty();        // closed with no answer
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
            awaitLogged("127.0.0.1:" + s.getLocalPort(), "request timed out after 1 s");
            trickle.join(WAIT);
        }
        serverStillServes();
    }

    @Test
    void aPeerResetMidRequestIsLoggedForThatConnection() throws Exception {
        int local;
        try (Socket s = connect(port)) {
            local = s.getLocalPort();
            byte[] part = "POST /digest HTTP/1.1\r\nHost: x\r\ncontent-length: 1000\r\n\r\nabc".getBytes();
            s.getOutputStream().write(part);
            s.getOutputStream().flush();
            awaitRead(local, part.length);
            s.setSoLinger(true, 0);                    // close with a reset
        }
        awaitLogged("127.0.0.1:" + local, "[Socket Error]");
        serverStillServes();
    }

    /** Waits (up to WAIT) until the node's socket driver has read n bytes from the peer at this local port. */
    private void awaitRead(int localPort, int n) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (((Number) node.foreign().call(web, "read_from", localPort)[0]).intValue() < n) {
            assertThat(System.nanoTime()).as("the server reads the request").isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));   // polling the driver, bounded by the deadline
        }
    }

    @Test
    void aWebsocketFrameWithAnImpossibleLengthClosesWith1009() throws Exception {
        try (Socket s = connect(wsport)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes());
            InputStream in = s.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101 ").contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            // a masked binary frame claiming 2^40 bytes
            out.write(new byte[] {(byte) 0x82, (byte) 0xFF, 0, 0, 1, 0, 0, 0, 0, 0, 1, 2, 3, 4});
            byte[] close = in.readNBytes(4);
            assertThat(close).containsExactly(0x88, 0x02, 0x03, 0xF1);     // close, status 1009
            assertThat(in.read()).isEqualTo(-1);
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Object> events = report(1);
        while (events.stream().noneMatch(e -> e.toString().startsWith("accept failed")) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));   // polling the report, bounded by the deadline
            events = report(1);
        }
        assertThat(events).contains("error websocket: frame of 1099511627776 bytes is over the limit of 262144",
                "accept failed websocket: frame of 1099511627776 bytes is over the limit of 262144");
        serverStillServes();
    }

    @Test
    void aWebsocketHandshakeThatNeverEndsIsCutOffByItsTimeout() throws Exception {
        try (Socket s = connect(wsport)) {
            s.getOutputStream().write("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n".getBytes());
            assertThat(readToEnd(s)).isEmpty();        // shut with no answer once the second is up
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Object> events = report(1);
        while (events.stream().noneMatch(e -> e.toString().contains("websocket handshake timed out after 1 s"))) {
            assertThat(System.nanoTime()).as("events: " + events).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));   // polling the report, bounded by the deadline
            events = report(1);
        }
        serverStillServes();
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) break;
            b.append((char) c);
        }
        return b.toString();
    }
}
