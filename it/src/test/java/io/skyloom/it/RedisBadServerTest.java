package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * skynet.db.redis against a server that is not Redis: a Java ServerSocket that answers
 * each connection's GET with one broken reply. Each is a clear error to the caller, the
 * connection is dropped (the next command connects again), and the service goes on.
 */
@SkyloomTest(servicePath = "src/test/resources/lua")
class RedisBadServerTest {

    /** One answer per connection, in order; the last one is a good reply. */
    static final List<String> ANSWERS = List.of(
            "?what\r\n",
            ":12x\r\n",
            "$abc\r\n",
            "$5\r\nhelloXX",
            "*-5\r\n",
            "$-7\r\n",
            "$999999999999\r\n",
            "*1\r\n".repeat(100) + ":1\r\n",
            "\r\n",
            "$10\r\nabc",            // then the connection closes mid-bulk
            "",                     // closes without a word
            "$2\r\nok\r\n");

    @Inject Skyloom node;

    @Test
    void eachMalformedReplyIsAClearErrorAndTheNextCommandConnectsAgain() throws Exception {
        AtomicInteger served = new AtomicInteger();
        try (ServerSocket ss = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> serve(ss, served));
            int client = node.newservice("redis/client", "127.0.0.1", 1);
            Object[] r = node.foreign().call(Duration.ofSeconds(60), client, "fake", ss.getLocalPort(), ANSWERS.size());
            List<?> got = (List<?>) r[0];
            assertThat(got).hasSize(ANSWERS.size());
            assertThat(got.get(0)).asString().contains("redis: malformed reply: unknown type byte \"?\" in line \"?what\"");
            assertThat(got.get(1)).asString().contains("redis: malformed reply: integer \"12x\" is not a number");
            assertThat(got.get(2)).asString().contains("redis: malformed reply: bulk count \"abc\" is not a length");
            assertThat(got.get(3)).asString().contains("redis: malformed reply: bulk of 5 bytes does not end with CRLF");
            assertThat(got.get(4)).asString().contains("redis: malformed reply: multi-bulk count \"-5\" is not a length");
            assertThat(got.get(5)).asString().contains("redis: malformed reply: bulk count \"-7\" is not a length");
            assertThat(got.get(6)).asString().contains("redis: malformed reply: bulk of 999999999999 bytes is over Redis's limit");
            assertThat(got.get(7)).asString().contains("redis: malformed reply: multi-bulk nested deeper than 64");
            assertThat(got.get(8)).asString().contains("redis: malformed reply: empty line");
            assertThat(got.get(9)).isEqualTo("error:[Error: socket]");
            assertThat(got.get(10)).isEqualTo("error:[Error: socket]");
            assertThat(got.get(11)).isEqualTo("ok:ok");
            assertThat(served.get()).as("one connection per broken reply").isEqualTo(ANSWERS.size());
            assertThat(node.foreign().call(Duration.ofSeconds(10), client, "alive")).containsExactly("alive");
        }
    }

    /** Each connection: read the GET (up to its key line), answer, close. */
    private static void serve(ServerSocket ss, AtomicInteger served) {
        while (!ss.isClosed()) {
            try (Socket c = ss.accept()) {
                int i = served.getAndIncrement();
                BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.ISO_8859_1));
                for (String l; (l = in.readLine()) != null && !l.equals("k"); ) {
                    // the request's lines, up to the key
                }
                c.getOutputStream().write(ANSWERS.get(Math.min(i, ANSWERS.size() - 1)).getBytes(StandardCharsets.ISO_8859_1));
                c.getOutputStream().flush();
                if (i == ANSWERS.size() - 1) {
                    // the good answer: keep the connection until the client is done with it
                    while (in.readLine() != null) {
                        // nothing more is asked
                    }
                }
            } catch (IOException closed) {
                return;
            }
        }
    }
}
