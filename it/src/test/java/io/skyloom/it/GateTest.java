package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** skynet's gate, watchdog and agent pattern: length-prefixed packets from real clients. */
@SkyloomTest(servicePath = "src/test/resources/lua")
class GateTest {

    @Inject Skyloom node;

    static void send(DataOutputStream out, String packet) throws IOException {
        byte[] b = packet.getBytes(StandardCharsets.UTF_8);
        out.writeShort(b.length);
        out.write(b);
        out.flush();
    }

    static String receive(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readUnsignedShort()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private int start(int watchdog) {
        Object[] r = node.foreign().call(watchdog, "start", 0);
        assertThat(r[0]).isEqualTo("127.0.0.1");
        return ((Number) r[1]).intValue();
    }

    @Test
    void eachClientsPacketsReachItsAgentWhichEchoesThemWhateverWayTheyAreCut() throws Exception {
        int watchdog = node.newservice("net/watchdog");
        int port = start(watchdog);
        List<Socket> clients = new ArrayList<>();
        try {
            for (int c = 0; c < 5; c++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.setSoTimeout(30_000);
                clients.add(s);
            }
            for (int c = 0; c < clients.size(); c++) {
                DataOutputStream out = new DataOutputStream(clients.get(c).getOutputStream());
                for (int i = 0; i < 20; i++) send(out, "client " + c + " packet " + i + " " + "x".repeat(i * 50));
                // three packets in one write, the last cut in the middle of its length
                byte[] a = "a".getBytes(), big = "b".repeat(300).getBytes();
                java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
                DataOutputStream d = new DataOutputStream(batch);
                d.writeShort(a.length);
                d.write(a);
                d.writeShort(big.length);
                d.write(big);
                byte[] all = batch.toByteArray();
                out.write(all, 0, all.length - 301);
                out.flush();
                out.write(all, all.length - 301, 301);
                out.flush();
            }
            for (int c = 0; c < clients.size(); c++) {
                DataInputStream in = new DataInputStream(clients.get(c).getInputStream());
                for (int i = 0; i < 20; i++) assertThat(receive(in)).isEqualTo("echo:client " + c + " packet " + i + " " + "x".repeat(i * 50));
                assertThat(receive(in)).isEqualTo("echo:a");
                assertThat(receive(in)).isEqualTo("echo:" + "b".repeat(300));
            }
            assertThat(node.foreign().call(watchdog, "agents")).containsExactly(5L);
        } finally {
            for (Socket s : clients) s.close();
        }
    }

    @Test
    void aKickClosesTheClientsConnectionAndItsAgentGoes() throws Exception {
        int watchdog = node.newservice("net/watchdog");
        int port = start(watchdog);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            send(out, "hello");
            assertThat(receive(in)).isEqualTo("echo:hello");
            send(out, "quit");
            try {
                receive(in);
                throw new AssertionError("the gate should have closed the connection");
            } catch (EOFException | java.net.SocketException closed) {
                // kicked
            }
        }
        long end = System.nanoTime() + 30_000_000_000L;
        while (((Number) node.foreign().call(watchdog, "agents")[0]).intValue() != 0 && System.nanoTime() < end) Thread.yield();
        assertThat(node.foreign().call(watchdog, "agents")).containsExactly(0L);
    }
}
