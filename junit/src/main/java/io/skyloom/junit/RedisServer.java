package io.skyloom.junit;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * A real redis-server of the test's own, on a free loopback port, with nothing saved to
 * disk: started, waited for until it answers PING (within a deadline), and killed on
 * {@link #close}. There is no mock Redis: a suite that needs Redis fails here, with one
 * line naming the package to install, when redis-server is not on the PATH
 * ({@code ./skyloom test} installs it). Thread-safe.
 */
public final class RedisServer implements AutoCloseable {

    /** The message when redis-server cannot be run. */
    static final String MISSING = "redis-server is not on the PATH: install the package redis-server"
            + " (./skyloom test installs it with apt-get when it may)";

    private static final Duration STARTUP = Duration.ofSeconds(10);
    private static final int PORT_TRIES = 5;

    private final int port;
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reaper;
    private int busPort;   // a cluster node's bus port, set before start hands the server out

    private RedisServer(int port, Process process) {
        this.port = port;
        this.process = process;
        Thread.ofVirtual().name("redis-server-" + port + "-output").start(this::collectOutput);
        // A JVM that ends without closing us (a surefire timeout) still takes the server down.
        this.reaper = new Thread(process::destroyForcibly, "redis-server-" + port + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts one and waits until it answers PING. A port another process took between our
     * probe and redis's bind is retried on another port.
     */
    public static RedisServer start() {
        return start("redis-server", port -> List.of());
    }

    /**
     * A node of a Redis Cluster (see {@link RedisCluster}): cluster mode, its cluster bus
     * on a second free port, its nodes.conf in {@code dir}.
     */
    public static RedisServer startClusterNode(Path dir) {
        int bus = freePort();
        RedisServer node = start("redis-server", port -> List.of("--cluster-enabled", "yes", "--cluster-port",
                String.valueOf(bus), "--dir", dir.toString(), "--cluster-config-file", "nodes-" + port + ".conf",
                "--cluster-node-timeout", "5000"));
        node.busPort = bus;
        return node;
    }

    /** {@link #start()} with another program (a test of the missing-server message). */
    static RedisServer start(String program) {
        return start(program, port -> List.of());
    }

    private static RedisServer start(String program, IntFunction<List<String>> extra) {
        IllegalStateException last = null;
        for (int i = 0; i < PORT_TRIES; i++) {
            int port = freePort();
            RedisServer server = launch(program, port, extra.apply(port));
            try {
                server.awaitPong(STARTUP);
                return server;
            } catch (IllegalStateException e) {
                server.close();
                if (!server.output().contains("Address already in use")) throw e;
                last = e;
            }
        }
        throw last;
    }

    private static RedisServer launch(String program, int port, List<String> extra) {
        List<String> cmd = new ArrayList<>(List.of(program, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no"));
        cmd.addAll(extra);
        try {
            return new RedisServer(port, new ProcessBuilder(cmd).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new IllegalStateException(MISSING, e);
        }
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port for redis-server", e);
        }
    }

    private void collectOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            for (String line; (line = r.readLine()) != null; ) output.append(line).append('\n');
        } catch (IOException ended) {
            // the process ended
        }
    }

    private void awaitPong(Duration limit) {
        long end = System.nanoTime() + Waits.dilated(limit).toNanos();
        while (!answersPing()) {
            if (!process.isAlive()) throw new IllegalStateException("redis-server on port " + port + " ended:\n" + output());
            if (System.nanoTime() > end)
                throw new IllegalStateException("redis-server on port " + port + " did not answer PING within " + limit
                        + ":\n" + output());
            LockSupport.parkNanos(10_000_000L);
        }
    }

    private boolean answersPing() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host(), port), 500);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] pong = s.getInputStream().readNBytes(7);
            return new String(pong, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * One command, its reply as text: a status, an integer or a bulk string (null for a
     * nil one). An error reply throws; a multi-bulk is for a real client, not this.
     */
    public String command(String... args) {
        StringBuilder req = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            req.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
        }
        try (Socket s = new Socket(host(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(req.toString().getBytes(StandardCharsets.UTF_8));
            DataInputStream in = new DataInputStream(s.getInputStream());
            String line = line(in);
            switch (line.charAt(0)) {
                case '+', ':' -> { return line.substring(1); }
                case '$' -> {
                    int n = Integer.parseInt(line.substring(1));
                    if (n < 0) return null;
                    byte[] data = in.readNBytes(n + 2);
                    return new String(data, 0, n, StandardCharsets.UTF_8);
                }
                case '-' -> throw new IllegalStateException("redis-server on port " + port + ": " + line.substring(1));
                default -> throw new IllegalStateException("redis-server on port " + port + " answered " + line
                        + " to " + String.join(" ", args) + ": command() reads simple replies only");
            }
        } catch (IOException e) {
            throw new IllegalStateException("redis-server on port " + port + ": " + e.getMessage(), e);
        }
    }

    private static String line(DataInputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new IOException("connection closed mid-reply");
            if (c != '\r') b.append((char) c);
        }
        return b.toString();
    }

    /** The loopback address it listens on, as Lua's {@code redis.connect} takes it. */
    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** The cluster bus port of a node from {@link #startClusterNode}, else 0. */
    public int busPort() {
        return busPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What the server printed so far (its log). */
    public String output() {
        return output.toString();
    }

    /** kill -9: the server goes away at once, mid-reply if one was on its way. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            awaitExit();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
