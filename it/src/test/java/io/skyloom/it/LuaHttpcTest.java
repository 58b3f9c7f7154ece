package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** http.httpc in a Lua service against the JDK's own HTTP server (com.sun.net.httpserver). */
@SkyloomTest(servicePath = "src/test/resources/lua")
class LuaHttpcTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject Skyloom node;
    HttpServer server;
    String host;
    final CountDownLatch released = new CountDownLatch(1);
    int client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/echo", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String te = ex.getRequestHeaders().getFirst("transfer-encoding");
            reply(ex, 200, ex.getRequestMethod() + " " + ex.getRequestURI() + " x-test=" + ex.getRequestHeaders().getFirst("x-test")
                    + " te=" + te + " type=" + ex.getRequestHeaders().getFirst("content-type") + " body=" + new String(body, StandardCharsets.UTF_8));
        });
        server.createContext("/chunked", ex -> {
            ex.getResponseHeaders().add("content-type", "text/x-parts");
            ex.sendResponseHeaders(200, 0);            // 0: the JDK server sends the body chunked
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 1; i <= 5; i++) {
                    out.write(("piece " + i + ";").repeat(i * 300).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        server.createContext("/missing", ex -> reply(ex, 404, "not here"));
        server.createContext("/hang", ex -> {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(ex, 200, "late");
        });
        server.start();
        host = "127.0.0.1:" + server.getAddress().getPort();
        client = node.newservice("http/clients");
    }

    @AfterEach
    void stop() {
        released.countDown();
        server.stop(0);
    }

    private static void reply(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("content-type", "text/plain");
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Test
    void aGetWithAQueryAndTheResponseHeaders() {
        Object[] r = node.foreign().call(WAIT, client, "get", "http://" + host, "/echo?a=1&b=two");
        assertThat(r).containsExactly(200L, "GET /echo?a=1&b=two x-test=null te=null type=null body=", "text/plain", "");
        Object[] missing = node.foreign().call(WAIT, client, "get", host, "/missing");
        assertThat(missing[0]).isEqualTo(404L);
        assertThat(missing[1]).isEqualTo("not here");
    }

    @Test
    void postsWithAFormABodyAndAChunkedBody() {
        Object[] form = node.foreign().call(WAIT, client, "post", host, "/echo", "name", "a b&c", "n", "1");
        assertThat(form[0]).isEqualTo(200L);
        assertThat((String) form[1]).startsWith("POST /echo x-test=null te=null type=application/x-www-form-urlencoded body=")
                .contains("name=a%20b%26c").contains("n=1");
        Object[] plain = node.foreign().call(WAIT, client, "request", "PUT", host, "/echo", "some body", false);
        assertThat(plain).containsExactly(200L, "PUT /echo x-test=yes te=null type=null body=some body");
        String big = "0123456789".repeat(2500);
        Object[] chunked = node.foreign().call(WAIT, client, "request", "POST", host, "/echo", big, true);
        assertThat(chunked).containsExactly(200L, "POST /echo x-test=yes te=chunked type=null body=" + big);
    }

    @Test
    void aChunkedResponseIsReadWholeAndAsAStream() {
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 5; i++) expected.append(("piece " + i + ";").repeat(i * 300));
        Object[] r = node.foreign().call(WAIT, client, "get", host, "/chunked");
        assertThat(r).containsExactly(200L, expected.toString(), "text/x-parts", "chunked");
        Object[] s = node.foreign().call(WAIT, client, "stream", host, "/chunked");
        assertThat(s[0]).isEqualTo(200L);
        assertThat(((Number) s[1]).intValue()).isGreaterThanOrEqualTo(1);
        assertThat(s[2]).isEqualTo(expected.toString());
        // a body framed by its length streams too
        assertThat(node.foreign().call(WAIT, client, "stream", host, "/missing")).containsExactly(404L, 1L, "not here");
    }

    @Test
    void aHeadRequestGetsTheStatusAndHeaderWithoutABody() {
        assertThat(node.foreign().call(WAIT, client, "head", host, "/missing")).containsExactly(404L, "text/plain");
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndTheClientGoesOn() {
        Object[] r = node.foreign().call(WAIT, client, "get", host, "/hang", 50);
        assertThat(r[0]).isEqualTo(false);
        assertThat((String) r[1]).contains("timed out after 0.5 s");
        released.countDown();
        assertThat(node.foreign().call(WAIT, client, "get", host, "/echo")[0]).isEqualTo(200L);
        Object[] refused = node.foreign().call(WAIT, client, "get", "127.0.0.1:1", "/", 100);
        assertThat(refused[0]).isEqualTo(false);
        assertThat((String) refused[1]).contains("connect failed host = 127.0.0.1 port = 1");
    }
}
