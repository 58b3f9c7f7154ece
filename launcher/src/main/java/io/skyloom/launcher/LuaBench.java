package io.skyloom.launcher;

import io.skyloom.core.NodeConfig;
import io.skyloom.foreign.Skyloom;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./skyloom bench}: runs the Lua benchmark files (the project's own, in
 * {@code bench/lua}, or {@code --files DIR}) each in a process of its own. With
 * {@code --against DIR} it runs the same files on that skynet build too, interleaved
 * round by round in one sitting, and prints every figure, the medians with their spread,
 * the ratio and CPU per operation; without it, Skyloom's figures beside the stored ones,
 * labelled as another machine's. {@code --startup} times the first output of a trivial
 * Lua file and of the Java quick start; {@code --idle N} measures N idle coroutines;
 * {@code --http [--connections N]} HTTP requests per second against a Lua httpd.
 */
final class LuaBench {

    static final List<String> NAMES = List.of("pingpong", "concurrent_calls", "send_throughput", "pairs",
            "sleepers", "spawn", "payload");
    private static final Pattern REF = Pattern.compile("^\\|\\s*(\\w+)\\s*\\|\\s*([\\d,]+)\\s*\\(([\\d,]+)-([\\d,]+)\\)");

    /** What the bench command line asked for. */
    record Request(Path files, Path against, int rounds, boolean startup, long idle, boolean harbor, boolean http,
                   int connections, List<String> names) {}

    private LuaBench() {}

    /** Takes the bench's own options out of {@code args}, wherever they stand. */
    static Request parse(List<String> args) {
        Path files = null, against = null;
        int rounds = -1;
        boolean startup = false, harbor = false, http = false;
        long idle = 0;
        int connections = HttpBench.Load.DEFAULT.connections();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--files" -> files = Path.of(value(args, ++i, a));
                case "--against" -> against = Path.of(value(args, ++i, a));
                case "--rounds" -> rounds = positive(value(args, ++i, a), a);
                case "--idle" -> idle = positive(value(args, ++i, a), a);
                case "--startup" -> startup = true;
                case "--harbor" -> harbor = true;
                case "--http" -> http = true;
                case "--connections" -> connections = positive(value(args, ++i, a), a);
                default -> rest.add(a);
            }
        }
        args.clear();
        args.addAll(rest);
        return new Request(files, against, rounds, startup, idle, harbor, http, connections, List.of());
    }

    private static String value(List<String> args, int i, String opt) {
        if (i >= args.size()) throw new IllegalArgumentException("bench: " + opt + " needs a value");
        return args.get(i);
    }

    private static int positive(String v, String opt) {
        try {
            int n = Integer.parseInt(v);
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("bench: " + opt + " takes a whole number above 0, not " + v);
    }

    static int run(Request req, List<String> names, NodeConfig.Builder config, PrintStream out, PrintStream err) {
        Path files = (req.files() != null ? req.files() : root().resolve("bench").resolve("lua")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(files.resolve("bench_main.lua"))) {
            err.println("skyloom: bench: no bench_main.lua in " + files);
            return 2;
        }
        int thread = config.build().thread();
        List<BenchTarget> targets = new ArrayList<>();
        targets.add(new BenchTarget.Skyloom(files, thread, procConfig(config.build(), err)));
        if (req.against() != null) {
            try {
                targets.add(BenchTarget.Skynet.find(req.against(), files, thread));
            } catch (IllegalArgumentException e) {
                err.println("skyloom: " + e.getMessage() + "; running Skyloom's side alone");
            }
        }
        NodeConfig mode = config.build();
        out.println("machine: " + Machine.describe() + "; thread = " + thread + "; luajc = " + mode.luajc()
                + ", lua_debug = " + mode.luaDebug() + "; files: " + files);
        if (targets.size() == 2) out.println("against: " + req.against().toAbsolutePath().normalize() + Machine.gitRevision(req.against()));
        int failures = 0;
        if (req.startup()) failures += StartupBench.run(targets, out, err);
        if (req.idle() > 0) failures += idle(targets, req.idle(), out);
        if (req.harbor()) failures += HarborBench.run(files, req.rounds() > 0 ? req.rounds() : 3, out, err);
        if (req.http()) {
            HttpBench.Load d = HttpBench.Load.DEFAULT;
            failures += HttpBench.run(targets, req.rounds() > 0 ? req.rounds() : targets.size() == 2 ? 3 : 1,
                    new HttpBench.Load(req.connections(), d.warmup(), d.length(), d.agents()), out, err);
        }
        if (!req.startup() && req.idle() == 0 && !req.harbor() && !req.http() || !names.isEmpty())
            failures += workloads(targets, names.isEmpty() ? NAMES : names, names.isEmpty() || names.contains("foreign"),
                    req, files, config, out);
        return failures == 0 ? 0 : 1;
    }

    private static int workloads(List<BenchTarget> targets, List<String> all, boolean foreignToo, Request req, Path files,
                                 NodeConfig.Builder config, PrintStream out) {
        List<String> names = all.stream().filter(n -> !n.equals("foreign")).toList();
        int rounds = req.rounds() > 0 ? req.rounds() : targets.size() == 2 ? 3 : 1;
        List<String> labels = targets.stream().map(BenchTarget::label).toList();
        BenchReport report = new BenchReport(labels);
        int failures = 0;
        for (int round = 1; round <= rounds; round++) {
            for (String name : names) {
                for (BenchTarget t : targets) {       // interleaved: each benchmark on each side, then the next
                    BenchProcess.Outcome o = t.run(name, 0);
                    BenchReport.printRun(out, round, t.label(), o);
                    if (!o.ok()) failures++;
                    report.add(t.label(), o);
                    if (o.ok() && o.info().containsKey("kb_per_service"))
                        out.printf("  round %d %-8s spawn: %s kB RSS per service%n", round, t.label(), o.info().get("kb_per_service"));
                }
            }
        }
        out.println();
        out.println("medians over " + rounds + (rounds == 1 ? " round" : " rounds") + " (every run above):");
        report.printSummary(out);
        if (foreignToo) out.printf("%-18s %,14.0f calls/s (sequential, one virtual thread; pyskynet measured 11,074 on another machine)%n",
                "java->lua foreign", foreignCalls(config.build(), 300_000));
        if (targets.size() == 1) {
            out.println();
            out.println("skynet's figures stored in " + files.resolve("README.md") + " (another machine, not comparable;");
            out.println("for a ratio run both sides in one sitting with --against DIR):");
            references(files.resolve("README.md")).forEach(r -> out.println("  " + r));
        }
        Path chart = report.writeChart(root().resolve("bench-results"), "Lua benchmarks, " + Machine.describe()
                + ", medians of " + rounds + (rounds == 1 ? " round" : " rounds"));
        if (chart != null) out.println("chart: " + chart);
        return failures;
    }

    /** N coroutines parked in skynet.wait: memory and OS threads each, and (Skyloom) how long exit takes. */
    private static int idle(List<BenchTarget> targets, long n, PrintStream out) {
        int failures = 0;
        for (BenchTarget t : targets) {
            BenchProcess.Outcome o = t.run("idle", n);
            if (!o.ok()) {
                failures++;
                out.printf("idle %-8s FAILED: %s%n", t.label(), o.error());
                continue;
            }
            out.printf("idle %-8s %,d coroutines: %s bytes RSS each, OS threads %s -> %s, parked in %.3f s%s%n", t.label(), n,
                    o.info().getOrDefault("bytes_per_coroutine", "?"), o.info().getOrDefault("threads_before", "?"),
                    o.info().getOrDefault("threads_after", "?"), o.seconds(),
                    Double.isNaN(o.exitSeconds()) ? "" : String.format(", process ended %.3f s after the result", o.exitSeconds()));
        }
        return failures;
    }

    /**
     * The config of each benchmark process: the Lua mode of this one ({@code luajc},
     * {@code lua_debug}, from {@code bench --config FILE}), and read access to
     * /proc/self/status, as skynet's bench_main uses to report RSS; everything else stays
     * sandboxed.
     */
    private static Path procConfig(NodeConfig mode, PrintStream err) {
        String text = "luajc = " + mode.luajc() + "\nlua_debug = " + mode.luaDebug() + "\n";
        if (Files.isReadable(Path.of("/proc/self/status"))) text += "file_access = /proc/self\n";
        try {
            Path f = Files.createTempFile("skyloom-bench", ".config");
            f.toFile().deleteOnExit();
            Files.writeString(f, text);
            return f;
        } catch (IOException e) {
            err.println("skyloom: bench runs in the default Lua mode, without /proc access (" + e.getMessage() + ")");
            return null;
        }
    }

    /** Sequential Java -> Lua foreign.call from one virtual thread, after a warm-up. */
    static double foreignCalls(NodeConfig config, int n) {
        try (Skyloom node = Skyloom.start(config)) {
            int lua = node.scriptservice("""
                    local skynet = require "skynet"
                    local foreign = require "pyskynet.foreign"
                    foreign.dispatch("echo", function(a) return a end)
                    skynet.start(function() end)
                    """);
            double[] rate = new double[1];
            Thread t = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < n / 5; i++) node.foreign().call(lua, "echo", "hello");
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) node.foreign().call(lua, "echo", "hello");
                rate[0] = n / ((System.nanoTime() - t0) / 1e9);
            });
            t.join();
            return rate[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    static Path root() {
        return Path.of(System.getProperty("skyloom.root", ".")).toAbsolutePath().normalize();
    }

    /** The rows of the stored skynet table: "name: median (min-max)". */
    static List<String> references(Path readme) {
        List<String> refs = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(readme)) {
                Matcher m = REF.matcher(line);
                if (m.find()) refs.add(String.format("%-18s %s (%s-%s)", m.group(1), m.group(2), m.group(3), m.group(4)));
            }
        } catch (IOException e) {
            // no stored figures
        }
        return refs;
    }
}
