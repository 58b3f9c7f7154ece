package io.skyloom.bench;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * The table {@code ./skyloom bench} prints: score, JMH's 99.9% error, the slowest and
 * fastest measured iteration (the spread a reader of a 2-core machine needs), and the
 * issue's target with PASS or MISS where there is one.
 */
final class ResultTable {

    /** Targets from the issues, by {@code Class.method}, in the benchmark's unit (ops/s). */
    static final Map<String, Target> TARGETS = Map.of(
            "GatewayCallBenchmark.foreignCallSequentialVirtual", new Target(250_000, "issue 3"),
            "GatewayCallBenchmark.foreignCallConcurrent1000", new Target(500_000, "issue 3"));

    record Target(double opsPerSecond, String source) {}

    private ResultTable() {}

    static void print(Collection<RunResult> results, PrintStream out) {
        String row = "%-50s %13s %12s %13s %13s %10s %-5s %s%n";
        out.println();
        out.printf(row, "benchmark", "score", "± error", "min iter", "max iter", "target", "", "unit");
        for (RunResult r : results) {
            String name = shortName(r.getParams().getBenchmark());
            Statistics s = r.getPrimaryResult().getStatistics();
            double score = s.getMean();
            Target t = TARGETS.get(name);
            out.printf(row, name, num(score), num(s.getN() > 1 ? s.getMeanErrorAt(0.999) : Double.NaN),
                    num(s.getMin()), num(s.getMax()), t == null ? "" : num(t.opsPerSecond()),
                    t == null ? "" : score >= t.opsPerSecond() ? "PASS" : "MISS",
                    r.getPrimaryResult().getScoreUnit());
        }
    }

    /** "GatewayCallBenchmark.foreignCallConcurrent1000" from the fully qualified name. */
    static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        return benchmark.substring(benchmark.lastIndexOf('.', method - 1) + 1);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) return "-";
        return Math.abs(v) < 100 ? String.format("%,.3f", v) : String.format("%,.0f", v);
    }
}
