package io.skyloom.launcher;

import io.skyloom.core.NodeConfig;
import io.skyloom.foreign.Skyloom;
import io.skyloom.numsky.DType;
import io.skyloom.numsky.NDArray;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ./skyloom bench --harbor}: two JVMs on one transport folder. This one (node 1)
 * calls a Lua echo in the other (node 2): the round trip of a small call (p50, p99 and
 * more, from one virtual thread), one-way sends per second, and float64[10^6] array
 * round trips per second, each over several rounds.
 */
final class HarborBench {

    private HarborBench() {}

    static int run(Path files, int rounds, PrintStream out, PrintStream err) {
        Path folder = null;
        Process peer = null;
        try {
            folder = benchFolder();
            Path config = folder.resolve("peer.config");
            Files.writeString(config, "harbor = 2\ntransport = " + folder + "\nluaservice = " + files + "/?.lua\n");
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--config",
                    config.toString(), files.resolve("bench_harbor_peer.lua").toString()));
            peer = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            CompletableFuture<Integer> ready = new CompletableFuture<>();
            Process p = peer;
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                    for (String line; (line = r.readLine()) != null; )
                        if (line.startsWith("READY ")) ready.complete((int) Long.parseLong(line.substring(6).trim()));
                } catch (Exception ignored) {
                    // the peer ended
                }
                ready.completeExceptionally(new IllegalStateException("the peer ended before it was ready"));
            });
            int echo = ready.get(60, TimeUnit.SECONDS);
            try (Skyloom node = Skyloom.start(NodeConfig.builder().nodeId(1).transport(folder).build())) {
                out.println("harbor: node 1 (this JVM) -> node 2 (another JVM), Chronicle Queue in " + folder);
                // A whole round first, shown but not counted: the JIT is still compiling the
                // send and array paths of both JVMs through it (its call p99 was 1.1-1.2 ms
                // where the rounds after it gave 14-100 us).
                measure(node, echo, 0, out);
                for (int round = 1; round <= rounds; round++) measure(node, echo, round, out);
            }
            return 0;
        } catch (Exception e) {
            err.println("skyloom: bench --harbor: " + e);
            return 1;
        } finally {
            if (peer != null) peer.destroyForcibly();
            if (folder != null) removeQuietly(folder, peer);
        }
    }

    /**
     * A fresh folder for the queues: in /dev/shm when the host has one, as a deployment
     * that wants speed would put its transport folder (measured: float64[10^6] round trips
     * 25-30/s there, 11-16/s on this host's disk, where every frame is also written back).
     */
    private static Path benchFolder() throws java.io.IOException {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) return Files.createTempDirectory(shm, "skyloom-harbor-bench");
        return Files.createTempDirectory("skyloom-harbor-bench");
    }

    /** The queues of a run take gigabytes (16 MB per array round trip): they go when it ends. */
    private static void removeQuietly(Path folder, Process peer) {
        try {
            if (peer != null) peer.waitFor(10, TimeUnit.SECONDS);
            try (var files = Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        } catch (Exception ignored) {
            // a temporary folder: the OS clears it in the end
        }
    }

    private static void measure(Skyloom node, int echo, int round, PrintStream out) throws Exception {
        double[][] result = new double[1][];
        Thread t = Thread.ofVirtual().start(() -> {
            var f = node.foreign();
            Duration limit = Duration.ofSeconds(30);
            // Warm-up: 5,000 calls and at least 3 s, so that the JIT's compiles (which
            // take one of two cores from the readers) are mostly done before the count.
            long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            for (int i = 0; i < 5_000 || System.nanoTime() - warm < 0; i++) f.call(limit, echo, "echo", "hello");
            int n = 20_000;
            long[] lat = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                f.call(limit, echo, "echo", "hello");
                lat[i] = System.nanoTime() - t0;
            }
            Arrays.sort(lat);
            // Calls 5 ms apart: both readers have gone to sleep before each one, so each
            // hop pays a ring and a wake-up (what a node with light traffic sees).
            int m = 200;
            long[] quiet = new long[m];
            for (int i = 0; i < m; i++) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                long t0 = System.nanoTime();
                f.call(limit, echo, "echo", "hello");
                quiet[i] = System.nanoTime() - t0;
            }
            Arrays.sort(quiet);
            int sends = 1_000_000;
            f.call(limit, echo, "count");
            long s0 = System.nanoTime();
            for (int i = 0; i < sends; i++) f.send(echo, "add");
            double sentSecs = (System.nanoTime() - s0) / 1e9;      // what the sender alone takes
            long counted = (Long) f.call(Duration.ofSeconds(120), echo, "count")[0];
            double sendSecs = (System.nanoTime() - s0) / 1e9;
            NDArray a = NDArray.arange(0, 1_000_000, 1, DType.FLOAT64);
            for (int i = 0; i < 5; i++) f.call(limit, echo, "echo", a);
            // At least 500 and 2 s: enough for the block areas to fill and be reclaimed
            // several times (a collection comes every 32 arrays held), as they are in a
            // long run; 50 arrays fitted in an area of 1 GiB and never reused a page.
            int arrays = 0;
            long a0 = System.nanoTime(), aEnd = a0 + TimeUnit.SECONDS.toNanos(2);
            for (; arrays < 500 || System.nanoTime() - aEnd < 0; arrays++) f.call(limit, echo, "echo", a);
            double arraySecs = (System.nanoTime() - a0) / 1e9;
            result[0] = new double[] {lat[n / 2] / 1e3, lat[(int) (n * 0.9)] / 1e3, lat[(int) (n * 0.99)] / 1e3,
                    lat[n - 1] / 1e3, counted == sends ? sends / sendSecs : -counted, arrays / arraySecs, sends / sentSecs,
                    quiet[m / 2] / 1e3, quiet[(int) (m * 0.9)] / 1e3};
        });
        t.join();
        double[] r = result[0];
        out.printf("  %s: call p50 %.1f us, p90 %.1f us, p99 %.1f us, max %.0f us; 5 ms apart p50 %.0f us, p90 %.0f us;"
                + " sends %,.0f/s (sent at %,.0f/s); float64[10^6] round trips %.1f/s%n",
                round == 0 ? "warm-up (not counted)" : "round " + round, r[0], r[1], r[2], r[3], r[7], r[8], r[4], r[6], r[5]);
    }
}
