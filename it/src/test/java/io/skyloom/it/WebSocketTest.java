package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** http.websocket both ways: a Lua server for the JDK's WebSocket client, and a Lua client against it. */
@SkyloomTest(servicePath = "src/test/resources/lua")
class WebSocketTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject Skyloom node;
    int web;
    int port, wsport;

    @BeforeEach
    void start() {
        web = node.newservice("http/web", "2");
        Object[] ports = node.foreign().call(web, "ports");
        port = ((Number) ports[0]).intValue();
        wsport = ((Number) ports[1]).intValue();
    }

    /** What the JDK client's listener saw, one line per event, in order. */
    static final class Events implements WebSocket.Listener {
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private ByteBuffer bin = ByteBuffer.allocate(0);

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                lines.add("text " + text);
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            ByteBuffer all = ByteBuffer.allocate(bin.remaining() + data.remaining());
            bin = all.put(bin).put(data).flip();
            if (last) {
                byte[] b = new byte[bin.remaining()];
                bin.get(b);
                lines.add("binary " + b.length + " " + (b.length > 0 ? b[b.length - 1] : 0));
                bin = ByteBuffer.allocate(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            lines.add("pong " + message.remaining());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            lines.add("ping");
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(status + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        String next() throws InterruptedException {
            String s = lines.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(s).as("a websocket event within " + WAIT).isNotNull();
            return s;
        }
    }

    private WebSocket open(int p, String path, Events events) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT)
                .buildAsync(URI.create("ws://127.0.0.1:" + p + path), events).get(30, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    private List<Object> wsEvents() {
        return new ArrayList<>((List<Object>) node.foreign().call(web, "report")[1]);
    }

    @Test
    void theJdkClientTalksTextBinaryPingAndCloseToALuaServer() throws Exception {
        for (int p : new int[] {port, wsport}) {   // upgraded inside httpd, and a listener of its own
            Events ev = new Events();
            WebSocket ws = open(p, "/ws?room=1", ev);
            ws.sendText("héllo", true).get();
            assertThat(ev.next()).isEqualTo("text héllo");
            byte[] big = new byte[100_000];
            big[big.length - 1] = 42;
            ws.sendBinary(ByteBuffer.wrap(big), true).get();
            assertThat(ev.next()).isEqualTo("binary 100000 42");
            ws.sendText("frag", false).get();           // one message in three frames
            ws.sendText("ment", false).get();
            ws.sendText("ed", true).get();
            assertThat(ev.next()).isEqualTo("text fragmented");
            ws.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).get();
            assertThat(ev.next()).isEqualTo("pong 3");
            ws.sendText("ping-me", true).get();         // the server pings; the JDK answers, the server says so
            assertThat(ev.next()).isEqualTo("ping");
            assertThat(ev.next()).isEqualTo("text got pong");
            ws.sendClose(1000, "done").get();
            assertThat(ev.closed.get(30, TimeUnit.SECONDS)).isEqualTo("1000 ");
        }
        List<Object> events = wsEvents();
        assertThat(events).containsSubsequence("handshake /ws?room=1", "text 6", "binary 100000", "text 10", "ping",
                "text 7", "pong", "close 1000 done");
        assertThat(events.stream().filter("close 1000 done"::equals).count()).isEqualTo(2);
    }

    @Test
    void theLuaServerClosesWithItsCodeAndReason() throws Exception {
        Events ev = new Events();
        WebSocket ws = open(port, "/ws", ev);
        ws.sendText("close-me", true).get();
        assertThat(ev.closed.get(30, TimeUnit.SECONDS)).isEqualTo("4000 asked to");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLuaClientTalksToTheLuaServer() {
        int client = node.newservice("http/clients");
        Object[] r = node.foreign().call(WAIT, client, "ws", "ws://127.0.0.1:" + port + "/ws?from=lua");
        assertThat((List<Object>) r[0]).containsExactly("hello", "binary 80000 true", "got pong", "true");
        Object[] closed = node.foreign().call(WAIT, client, "ws_closed_by_server", "ws://127.0.0.1:" + wsport + "/ws");
        assertThat(closed).containsExactly("false", "asked to", 4000L);
        assertThat(wsEvents()).containsSubsequence("handshake /ws?from=lua", "text 5", "binary 80000", "ping",
                "text 7", "pong", "close 1000 bye");
    }
}
