package io.skyloom.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code ./skyloom bench --jmh [regex...] [--quick]}: runs the JMH benchmarks and prints
 * one table with the issues' targets beside the scores.
 */
public final class BenchMain {

    /** Targets from the issues, in the benchmark's own unit (ops/s). */
    static final Map<String, Double> TARGETS = Map.of(
            "CallBenchmark.sequentialFromVirtualThread", 250_000.0,
            "CallBenchmark.concurrentCallers1000", 500_000.0);

    private BenchMain() {}

    public static void main(String[] args) throws RunnerException {
        boolean quick = false;
        List<String> include = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--quick")) quick = true;
            else include.add(a);
        }
        ChainedOptionsBuilder opt = new OptionsBuilder()
                .forks(1)
                .warmupIterations(quick ? 2 : 3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 3 : 5).measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .jvmArgsAppend(jvmArgs());
        if (include.isEmpty()) opt.include("io\\.skyloom\\.bench\\..*");
        for (String i : include) opt.include(i);
        Collection<RunResult> results = new Runner(opt.build()).run();
        print(results);
    }

    /** The forked JVM gets this JVM's module flags and two carrier threads, like a node of thread = 2. */
    static String[] jvmArgs() {
        List<String> a = new ArrayList<>();
        for (String s : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (s.startsWith("--add-") || s.startsWith("--enable-native") || s.startsWith("--sun-misc")
                    || s.startsWith("-Dchronicle")) a.add(s);
        a.add("-Djdk.virtualThreadScheduler.parallelism=2");
        return a.toArray(String[]::new);
    }

    static void print(Collection<RunResult> results) {
        System.out.printf("%n%-52s %16s %12s %12s %6s%n", "benchmark", "score", "error", "target", "");
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            double score = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            String unit = r.getPrimaryResult().getScoreUnit();
            Double target = TARGETS.get(shortName);
            String verdict = target == null ? "" : score >= target ? "PASS" : "MISS";
            String fmt = score < 100 ? "%-52s %,16.3f %,12.3f %12s %6s  %s%n" : "%-52s %,16.0f %,12.0f %12s %6s  %s%n";
            System.out.printf(fmt, shortName, score, Double.isNaN(error) ? 0 : error,
                    target == null ? "" : String.format("%,.0f", target), verdict, unit);
        }
    }
}
