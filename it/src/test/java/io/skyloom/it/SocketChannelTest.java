package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** skynet.socketchannel against small Java line servers: order mode, session mode, reconnecting. */
@SkyloomTest(servicePath = "src/test/resources/lua")
class SocketChannelTest {

    @Inject Skyloom node;

    /** A line server: each connection on a virtual thread of its own, until the test ends. */
    interface Lines {
        void serve(BufferedReader in, OutputStream out) throws IOException;
    }

    static ServerSocket server(Lines lines) throws IOException {
        ServerSocket ss = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket c = ss.accept();
                    Thread.ofVirtual().start(() -> {
                        try (c) {
                            lines.serve(new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8)),
                                    c.getOutputStream());
                        } catch (IOException gone) {
                            // the client went away
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return ss;
    }

    @Test
    void orderModeAnswersConcurrentRequestsInOrderAndReconnectsWithAuthAfterTheServerDropsIt() throws Exception {
        AtomicInteger auths = new AtomicInteger();
        try (ServerSocket ss = server((in, out) -> {
            if (!"AUTH secret".equals(in.readLine())) return;
            auths.incrementAndGet();
            out.write("+OK\n".getBytes());
            for (String l; (l = in.readLine()) != null; ) {
                if (l.equals("DROP")) return;
                if (l.equals("MULTI")) out.write("+part1\n+part2\n+last\n".getBytes());
                else out.write(("+v:" + l.substring(4) + "\n").getBytes());
            }
        })) {
            int lua = node.newservice("net/channel_client");
            Object[] r = node.foreign().call(Duration.ofSeconds(60), lua, "order", ss.getLocalPort(), 10);
            String expected = IntStream.rangeClosed(1, 10).mapToObj(i -> "v:k" + i).collect(Collectors.joining(","))
                    + ",v:pad,part1+part2+last";
            assertThat(r).containsExactly(expected, false, true, "v:after");
            assertThat(auths.get()).as("authenticated again on the new connection").isEqualTo(2);
        }
    }

    @Test
    void sessionModeGivesEachRequestItsOwnAnswerWhenTheServerAnswersInReverse() throws Exception {
        try (ServerSocket ss = server((in, out) -> {
            List<String> batch = new ArrayList<>();
            for (String l; (l = in.readLine()) != null; ) {
                batch.add(l);
                if (batch.size() < 5) continue;
                for (int i = batch.size() - 1; i >= 0; i--) {
                    String[] p = batch.get(i).split(" ", 2);
                    out.write((p[0] + " re:" + p[1] + "\n").getBytes());
                }
                batch.clear();
            }
        })) {
            int lua = node.newservice("net/channel_client");
            Object[] r = node.foreign().call(Duration.ofSeconds(60), lua, "session", ss.getLocalPort(), 10);
            String expected = IntStream.rangeClosed(1, 10).mapToObj(i -> "re:p" + i).collect(Collectors.joining(","));
            assertThat(r).containsExactly(expected);
        }
    }
}
