package io.skyloom.launcher;

import io.skyloom.core.NodeConfig;
import io.skyloom.foreign.Skyloom;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./skyloom bench}: runs every benchmark of {@code ../shared/bench-lua} (the files
 * that also run on skynet) in a JVM of its own, plus the Java to Lua foreign call, and
 * prints one table beside the skynet and pyskynet reference figures of that folder's
 * README.
 */
final class LuaBench {

    static final List<String> NAMES = List.of("pingpong", "concurrent_calls", "send_throughput", "pairs",
            "sleepers", "spawn", "payload");
    private static final Pattern LINE = Pattern.compile("^BENCH (\\S+) (\\d+) ([\\d.]+) ([\\d.]+)$");
    private static final Pattern KB_PER_SERVICE = Pattern.compile("kb_per_service=([\\d.]+)");
    private static final Pattern RSS_REF = Pattern.compile("([\\d.]+) kB RSS per service");
    private static final Pattern REF = Pattern.compile("^\\|\\s*(\\w+)\\s*\\|\\s*([\\d,]+)\\s*\\(([\\d,]+)-([\\d,]+)\\)");

    private LuaBench() {}

    static int run(List<String> names, NodeConfig.Builder config, PrintStream out, PrintStream err) {
        Path dir = benchDir();
        if (!Files.isDirectory(dir)) {
            err.println("skyloom: no benchmark folder at " + dir);
            return 2;
        }
        Map<String, String> refs = references(dir.resolve("README.md"));
        List<String> todo = names.isEmpty() ? NAMES : names;
        out.printf("%-18s %10s %9s %14s %26s %7s%n", "benchmark", "count", "seconds", "skyloom ops/s",
                "skynet ops/s (min-max)", "ratio");
        int failures = 0;
        Path procConfig = procConfig(err);
        String kbPerService = null;
        for (String name : todo) {
            String[] result = runOne(dir, name, procConfig, err);
            String ref = refs.getOrDefault(name, "");
            if (result == null) {
                failures++;
                out.printf("%-18s %10s %9s %14s %26s %7s%n", name, "-", "-", "FAILED", ref, "");
                continue;
            }
            double ops = Double.parseDouble(result[3]);
            String ratio = ref.isEmpty() ? "" : String.format("%.2fx", ops / number(ref.split(" ")[0]));
            out.printf("%-18s %10s %9s %,14.0f %26s %7s%n", name, result[1], result[2], ops, ref, ratio);
            if (result[4] != null) kbPerService = result[4];
        }
        double foreign = foreignCalls(config.build(), 300_000);
        out.printf("%-18s %10d %9s %,14.0f %26s %7s%n", "java->lua foreign", 300_000, "", foreign,
                "pyskynet: 11,074", String.format("%.1fx", foreign / 11_074));
        if (kbPerService != null)
            out.printf("spawn: %s kB of RSS per service (skynet: %s)%n", kbPerService, refs.getOrDefault("rss", "?"));
        return failures == 0 ? 0 : 1;
    }

    /**
     * A config that lets the benchmarks read /proc/self/status, as skynet's bench_main
     * does to report the RSS per service; everything else stays sandboxed.
     */
    private static Path procConfig(PrintStream err) {
        if (!Files.isReadable(Path.of("/proc/self/status"))) return null;
        try {
            Path f = Files.createTempFile("skyloom-bench", ".config");
            f.toFile().deleteOnExit();
            Files.writeString(f, "file_access = /proc/self\n");
            return f;
        } catch (IOException e) {
            err.println("skyloom: bench runs without /proc access (" + e.getMessage() + ")");
            return null;
        }
    }

    /**
     * Runs bench_main.lua NAME in a fresh JVM; returns the BENCH line's fields and the
     * kB per service of an INFO line (or null), or null when it printed no BENCH line.
     */
    private static String[] runOne(Path dir, String name, Path config, PrintStream err) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("run");
        if (config != null) {
            cmd.add("--config");
            cmd.add(config.toString());
        }
        cmd.add(dir.resolve("bench_main.lua").toString());
        cmd.add(name);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String[] found = null;
            String kb = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String line; (line = r.readLine()) != null; ) {
                    Matcher m = LINE.matcher(line.trim());
                    Matcher k = KB_PER_SERVICE.matcher(line);
                    if (m.matches()) found = new String[] {m.group(1), m.group(2), m.group(3), m.group(4), null};
                    else if (line.startsWith("BENCH_ERROR")) err.println(line);
                    else if (k.find()) kb = k.group(1);
                }
            }
            if (found != null) found[4] = kb;
            if (!p.waitFor(10, TimeUnit.MINUTES)) p.destroyForcibly();
            return found;
        } catch (IOException e) {
            err.println("skyloom: cannot start a JVM for " + name + ": " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    static Path benchDir() {
        String root = System.getProperty("skyloom.root", ".");
        return Path.of(root).toAbsolutePath().normalize().resolveSibling("shared").resolve("bench-lua");
    }

    /** name -> "median (min-max)" from the README's skynet table. */
    static Map<String, String> references(Path readme) {
        Map<String, String> refs = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(readme)) {
                Matcher m = REF.matcher(line);
                if (m.find()) refs.putIfAbsent(m.group(1), m.group(2) + " (" + m.group(3) + "-" + m.group(4) + ")");
                Matcher rss = RSS_REF.matcher(line);
                if (rss.find()) refs.putIfAbsent("rss", rss.group(1));
            }
        } catch (IOException e) {
            // no figures to compare with: the table shows Skyloom's alone
        }
        return refs;
    }

    private static double number(String s) {
        return Double.parseDouble(s.replace(",", ""));
    }
}
