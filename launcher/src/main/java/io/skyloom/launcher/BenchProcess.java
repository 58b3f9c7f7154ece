package io.skyloom.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One benchmark run in a process of its own (a Skyloom JVM or a skynet), read line by
 * line: the {@code BENCH} result, the {@code INFO} key=value pairs, and the process's
 * CPU time where the timed part starts ({@code INFO <name> timed}) and at the result,
 * so CPU per operation covers the timed part alone. A process that does not end by
 * itself (skynet's) is stopped after its result.
 */
final class BenchProcess {

    private static final Pattern RESULT = Pattern.compile("^BENCH (\\S+) (\\d+) ([\\d.]+) ([\\d.]+)$");
    private static final Pattern PAIR = Pattern.compile("(\\w+)=(\\S+)");
    private static final long CLOCK_TICKS_PER_SECOND = 100;   // Linux's USER_HZ, what /proc reports in

    /** What one run gave; {@code error} is set when it gave no result. */
    record Outcome(String name, long count, double seconds, double opsPerSecond, double cpuSeconds,
                   Map<String, String> info, double exitSeconds, String error) {
        boolean ok() {
            return error == null;
        }

        /** CPU seconds per million operations of the timed part, or NaN when unknown. */
        double cpuPerMillion() {
            return cpuSeconds < 0 || count == 0 ? Double.NaN : cpuSeconds / count * 1e6;
        }
    }

    private BenchProcess() {}

    /**
     * Runs {@code command}; {@code stopAfterResult}: the process does not exit by itself.
     * Gives up after {@code limitSeconds}.
     */
    static Outcome run(String name, ProcessBuilder pb, boolean stopAfterResult, long limitSeconds) {
        Process p;
        try {
            p = pb.redirectErrorStream(true).start();
        } catch (IOException e) {
            return failed(name, "cannot start " + pb.command().get(0) + ": " + e.getMessage());
        }
        Map<String, String> info = new LinkedHashMap<>();
        double cpuAtStart = -1, cpuAtEnd = -1;
        Matcher result = null;
        String error = null;
        long resultAt = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line; (line = r.readLine()) != null; ) {
                String t = line.trim();
                if (t.equals("INFO " + name + " timed")) {
                    cpuAtStart = cpuSeconds(p.pid());
                } else if (t.startsWith("INFO ")) {
                    Matcher m = PAIR.matcher(t);
                    while (m.find()) info.put(m.group(1), m.group(2));
                } else if (t.startsWith("BENCH_ERROR")) {
                    error = t.substring("BENCH_ERROR".length()).trim();
                    break;
                } else if (RESULT.matcher(t).matches()) {
                    cpuAtEnd = cpuSeconds(p.pid());
                    resultAt = System.nanoTime();
                    result = RESULT.matcher(t);
                    result.matches();
                    break;
                }
            }
            if (stopAfterResult || result == null) p.destroy();
            else drain(r);
        } catch (IOException e) {
            error = "reading its output: " + e.getMessage();
        }
        double exitSeconds = Double.NaN;
        try {
            if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                if (result == null && error == null) error = "no result within " + limitSeconds + " s";
            } else if (!stopAfterResult && result != null) {
                exitSeconds = (System.nanoTime() - resultAt) / 1e9;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        if (result == null) return failed(name, error != null ? error : "it printed no BENCH line (exit " + exitCode(p) + ")");
        double cpu = cpuAtStart >= 0 && cpuAtEnd >= 0 ? cpuAtEnd - cpuAtStart : -1;
        return new Outcome(name, Long.parseLong(result.group(2)), Double.parseDouble(result.group(3)),
                Double.parseDouble(result.group(4)), cpu, info, exitSeconds, null);
    }

    private static void drain(BufferedReader r) throws IOException {
        while (r.readLine() != null) {
            // the node's closing lines: read so the process is never blocked writing them
        }
    }

    private static String exitCode(Process p) {
        try {
            return String.valueOf(p.exitValue());
        } catch (IllegalThreadStateException running) {
            return "none, still running";
        }
    }

    static Outcome failed(String name, String why) {
        return new Outcome(name, 0, 0, 0, -1, Map.of(), Double.NaN, why);
    }

    /** User plus system CPU seconds of process {@code pid} so far (all its threads), or -1. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // fields after the command name, which is in parentheses and may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
