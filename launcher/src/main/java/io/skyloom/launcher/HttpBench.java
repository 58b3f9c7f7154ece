package io.skyloom.launcher;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./skyloom bench --http}: HTTP requests per second on loopback against a minimal
 * Lua httpd handler (bench_main's httpd benchmark, bench_httpd.lua, skynet's API only),
 * on Skyloom and, with {@code --against DIR}, on that skynet build, interleaved round by
 * round. The load comes from this JVM ({@link HttpLoad}: N keep-alive connections), and
 * from {@code wrk} as well when it is on the PATH.
 */
final class HttpBench {

    private static final Pattern PORT = Pattern.compile("^INFO httpd port=(\\d+)");
    private static final Pattern RESULT = Pattern.compile("^BENCH httpd (\\d+) ([\\d.]+) ([\\d.]+)$");
    private static final Pattern WRK = Pattern.compile("Requests/sec:\\s*([\\d.]+)");

    /** How hard and how long: connections, seconds of warm-up and of the timed part, agents of the server. */
    record Load(int connections, Duration warmup, Duration length, int agents) {
        static final Load DEFAULT = new Load(16, Duration.ofSeconds(3), Duration.ofSeconds(10), 4);
    }

    private HttpBench() {}

    static int run(List<BenchTarget> targets, int rounds, Load load, PrintStream out, PrintStream err) {
        String wrk = onPath("wrk");
        out.printf("http: GET /hello on loopback, %d keep-alive connections from this JVM, %d s after %d s of warm-up, %d agents%s%n",
                load.connections(), load.length().toSeconds(), load.warmup().toSeconds(), load.agents(),
                wrk != null ? "; then wrk (" + wrk + ")" : "; wrk is not on the PATH");
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        int failures = 0;
        for (int round = 1; round <= rounds; round++) {
            for (BenchTarget t : targets) {
                try {
                    double rate = once(t, round, load, wrk, out);
                    rates.computeIfAbsent(t.label(), k -> new ArrayList<>()).add(rate);
                } catch (Exception e) {
                    failures++;
                    out.printf("  round %d %-8s FAILED: %s%n", round, t.label(), e.getMessage());
                }
            }
        }
        rates.forEach((label, r) -> out.printf("http %-8s median %,.0f req/s over %d round(s)%n", label, median(r), r.size()));
        if (rates.size() == 2) {
            List<List<Double>> both = new ArrayList<>(rates.values());
            out.printf("http ratio skyloom/skynet %.2fx%n", median(both.get(0)) / median(both.get(1)));
        }
        return failures;
    }

    private static double once(BenchTarget t, int round, Load load, String wrk, PrintStream out) throws Exception {
        Process p = t.process("httpd", load.agents()).redirectErrorStream(true).start();
        try {
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread.ofVirtual().name("http-bench-output").start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                    for (String line; (line = r.readLine()) != null; ) lines.add(line.trim());
                } catch (IOException ended) {
                    // the process ended
                }
            });
            int port = Integer.parseInt(await(lines, PORT, p).group(1));
            HttpLoad.run(port, "/hello", load.connections(), load.warmup());
            expectOk(HttpLoad.get(port, "/start"), "/start");
            HttpLoad.Result r = HttpLoad.run(port, "/hello", load.connections(), load.length());
            String wrkRate = wrk != null ? runWrk(wrk, port, load) : null;
            expectOk(HttpLoad.get(port, "/stop"), "/stop");
            Matcher served = await(lines, RESULT, p);
            out.printf("  round %d %-8s %,.0f req/s (%,d in %.1f s, %d failed connections), latency p50 %.0f us p99 %.0f us max %.0f us;"
                            + " the server counted %s%s%n", round, t.label(), r.perSecond(), r.requests(), r.seconds(), r.errors(),
                    r.p50(), r.p99(), r.max(), served.group(1), wrkRate != null ? "; wrk " + wrkRate + " req/s" : "");
            return r.perSecond();
        } finally {
            p.destroyForcibly();
        }
    }

    private static void expectOk(int status, String path) {
        if (status != 200) throw new IllegalStateException(path + " answered " + status);
    }

    /** The first output line matching {@code pattern}, within 60 s. */
    private static Matcher await(LinkedBlockingQueue<String> lines, Pattern pattern, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) break;
            if (line.startsWith("BENCH_ERROR")) throw new IllegalStateException(line);
            Matcher m = pattern.matcher(line);
            if (m.find()) return m;
        }
        throw new IllegalStateException("no line like " + pattern + " within 60 s" + (p.isAlive() ? "" : " (the process ended)"));
    }

    private static String runWrk(String wrk, int port, Load load) throws IOException, InterruptedException {
        Process w = new ProcessBuilder(wrk, "-t2", "-c" + load.connections(), "-d" + load.length().toSeconds() + "s",
                "http://127.0.0.1:" + port + "/hello").redirectErrorStream(true).start();
        String text = new String(w.getInputStream().readAllBytes());
        w.waitFor(load.length().toSeconds() + 30, TimeUnit.SECONDS);
        Matcher m = WRK.matcher(text);
        return m.find() ? String.format("%,.0f", Double.parseDouble(m.group(1))) : "(no result: " + text.strip() + ")";
    }

    static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path f = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(f)) return f.toString();
        }
        return null;
    }

    private static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
