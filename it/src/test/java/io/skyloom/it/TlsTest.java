package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.core.NodeConfig;
import io.skyloom.foreign.Skyloom;
import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https and wss through the JDK's TLS (ltls.c on SSLEngine): a Lua https server (the
 * simpleweb pattern with tlshelper) for the JDK's HttpClient and for Lua's httpc, and a
 * Lua wss server for the JDK's WebSocket and for Lua's websocket.connect. The
 * certificate is made for the test by keytool, for the name localhost alone, and trusted
 * through the env key tls_cafile.
 */
class TlsTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static Skyloom node;
    static int web, port, wsport;
    static SSLContext trusting;

    @BeforeAll
    static void start() throws Exception {
        Path ks = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", "secret", "-keypass", "secret").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(ks.toFile())) {
            store.load(in, "secret".toCharArray());
        }
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes());
        Path cert = dir.resolve("cert.pem"), key = dir.resolve("key.pem");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(store.getCertificate("server").getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(store.getKey("server", "secret".toCharArray()).getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);

        node = Skyloom.start(NodeConfig.builder().thread(2).servicePath("src/test/resources/lua/?.lua").fileAccess(dir)
                .env("certfile", cert.toString()).env("keyfile", key.toString()).env("tls_cafile", cert.toString()).build());
        web = node.newservice("http/web", "2", "", "https");
        Object[] ports = node.foreign().call(web, "ports");
        port = ((Number) ports[0]).intValue();
        wsport = ((Number) ports[1]).intValue();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void theJdkHttpClientGetsAnswersFromTheLuaHttpsServer() throws Exception {
        HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trusting).build();
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/hello?name=tls"))
                .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("hello tls");
        String big = "x".repeat(100_000);
        HttpResponse<String> post = c.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofString(big)).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.body()).isEqualTo("POST /echo  " + big);
        HttpResponse<String> chunked = c.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/chunked?parts=2"))
                .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.body()).isEqualTo("part 1;part 2;");
    }

    @Test
    void luaHttpcSpeaksHttpsAndChecksTheServersName() {
        int client = node.newservice("http/clients");
        Object[] r = node.foreign().call(WAIT, client, "get", "https://localhost:" + port, "/hello?name=httpc");
        assertThat(r[0]).isEqualTo(200L);
        assertThat(r[1]).isEqualTo("hello httpc");
        // the certificate names localhost only: by address the server is not who it must be
        Object[] byIp = node.foreign().call(WAIT, client, "get", "https://127.0.0.1:" + port, "/hello?name=ip");
        assertThat(byIp[0]).isEqualTo(false);
        assertThat((String) byIp[1]).contains("tls handshake failed").contains("127.0.0.1");
    }

    @Test
    void aPlainRequestToTheHttpsPortFailsItsHandshakeAndIsLogged() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) WAIT.toMillis());
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            s.getInputStream().readAllBytes();        // the server closes it
            String peer = "127.0.0.1:" + s.getLocalPort();
            long deadline = System.nanoTime() + WAIT.toNanos();
            for (;;) {
                String errors = node.foreign().call(web, "report")[0].toString();
                if (errors.contains(peer) && errors.contains("tls handshake: ")) break;
                assertThat(System.nanoTime()).as("logged: " + errors).isLessThan(deadline);
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);   // polling the report, bounded by the deadline
            }
        }
        theJdkHttpClientGetsAnswersFromTheLuaHttpsServer();
    }

    @Test
    void certificateFilesAreReadThroughTheSandboxAndKeysMustBePkcs8() throws Exception {
        Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                local c = require "ltls.c"
                foreign.dispatch("try", function(cert, key)
                    local ok, err = pcall(function() c.newctx():set_cert(cert, key) end)
                    return ok, tostring(err)
                end)
                skynet.start(function() end)
                """);
        Object[] outside = node.foreign().call(WAIT, lua, "try", "/etc/hostname", dir.resolve("key.pem").toString());
        assertThat(outside[0]).isEqualTo(false);
        assertThat((String) outside[1]).contains("/etc/hostname").contains("not allowed");
        Object[] pkcs1 = node.foreign().call(WAIT, lua, "try", dir.resolve("cert.pem").toString(), dir.resolve("rsa.pem").toString());
        assertThat((String) pkcs1[1]).contains("RSA key; give it as PKCS#8");
    }

    @Test
    void wssBothWays() throws Exception {
        CompletableFuture<String> text = new CompletableFuture<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket ws = HttpClient.newBuilder().sslContext(trusting).build().newWebSocketBuilder()
                .buildAsync(URI.create("wss://localhost:" + wsport + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        text.complete(data.toString());
                        w.request(1);          // and the close after it
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
                        closed.complete(status + " " + reason);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        ws.sendText("secret hello", true).get();
        assertThat(text.get(30, TimeUnit.SECONDS)).isEqualTo("secret hello");
        ws.sendClose(1000, "").get();
        assertThat(closed.get(30, TimeUnit.SECONDS)).startsWith("1000");

        int client = node.newservice("http/clients");
        @SuppressWarnings("unchecked")
        List<Object> got = (List<Object>) node.foreign().call(WAIT, client, "ws", "wss://localhost:" + wsport + "/ws")[0];
        assertThat(got).containsExactly("hello", "binary 80000 true", "got pong", "true");
    }
}
