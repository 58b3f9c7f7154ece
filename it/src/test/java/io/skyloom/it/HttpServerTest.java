package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Lua HTTP server (skynet's simpleweb pattern: a listener hands each connection to an
 * agent; http/web.lua) answering the JDK's own HttpClient over loopback.
 */
@SkyloomTest(servicePath = "src/test/resources/lua")
class HttpServerTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject Skyloom node;
    int web;
    String base;
    HttpClient client;

    @BeforeEach
    void start() {
        web = node.newservice("http/web", "2");
        base = "http://127.0.0.1:" + ((Number) node.foreign().call(web, "ports")[0]).intValue();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    @Test
    void aGetWithAQueryReachesTheHandlerDecoded() throws Exception {
        HttpResponse<String> r = send(at("/hello?name=J%C3%BCrgen+K"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello Jürgen K");
        assertThat(r.headers().firstValue("content-type")).hasValue("text/plain");
        HttpResponse<String> echo = send(at("/echo?b=2&a=1&b=3"));
        assertThat(echo.body()).isEqualTo("GET /echo a=1&b=2,3 ");
        assertThat(send(at("/nothing")).statusCode()).isEqualTo(404);
    }

    @Test
    void aPostCarriesItsBody() throws Exception {
        HttpResponse<String> r = send(at("/echo?x=1").POST(HttpRequest.BodyPublishers.ofString("name=value&more")));
        assertThat(r.body()).isEqualTo("POST /echo x=1 name=value&more");
    }

    @Test
    void aChunkedRequestBodyArrivesWhole() throws Exception {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        // an InputStream of unknown length: HttpClient sends it chunked
        HttpResponse<String> r = send(at("/digest").POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(data))));
        assertThat(r.body()).isEqualTo(data.length + " " + sha1(data));
    }

    @Test
    void oneConnectionServesManyRequestsWithKeepAlive() throws Exception {
        String first = send(at("/conn")).body();
        String socket = first.substring(0, first.indexOf(" request"));
        for (int i = 2; i <= 6; i++) {
            assertThat(send(at("/conn")).body()).isEqualTo(socket + " request " + i);
            assertThat(send(at("/echo").POST(HttpRequest.BodyPublishers.ofString("n" + i))).body()).isEqualTo("POST /echo  n" + i);
            i++;
        }
    }

    @Test
    void largeBodiesGoBothWays() throws Exception {
        byte[] data = new byte[5 * 1024 * 1024];
        new Random(11).nextBytes(data);
        HttpResponse<String> up = send(at("/digest").POST(HttpRequest.BodyPublishers.ofByteArray(data)));
        assertThat(up.body()).isEqualTo(data.length + " " + sha1(data));
        HttpResponse<String> down = send(at("/big?n=4000000"));
        assertThat(down.body()).hasSize(4_000_000).startsWith("0123456789012").endsWith("3456789");
        assertThat(down.headers().firstValue("content-length")).hasValue("4000000");
    }

    @Test
    void aFunctionBodyIsSentChunked() throws Exception {
        HttpResponse<String> r = send(at("/chunked?parts=4"));
        assertThat(r.body()).isEqualTo("part 1;part 2;part 3;part 4;");
        assertThat(r.headers().firstValue("transfer-encoding")).hasValue("chunked");
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() throws Exception {
        HttpResponse<String> r = send(at("/digest").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[8 * 1024 * 1024 + 1])));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("over the limit of 8388608");
        Object[] report = node.foreign().call(web, "report");
        assertThat(report[0].toString()).contains("413 body of 8388609 bytes is over the limit of 8388608");
        assertThat(send(at("/hello?name=after")).body()).isEqualTo("hello after");
    }

    @Test
    void concurrentClientsAreServedByTheAgents() throws Exception {
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++)
            all.add(client.sendAsync(at("/hello?name=c" + i).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString()));
        for (int i = 0; i < 40; i++) assertThat(all.get(i).get().body()).isEqualTo("hello c" + i);
    }

    static String sha1(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
    }
}
