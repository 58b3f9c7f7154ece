package io.skyloom.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code ./skyloom bench --jmh [--quick] [--prof NAME] [regex...]}: runs the JMH benchmarks
 * (all, or those whose name matches one of the regexes) and prints one table with the
 * issues' targets beside the scores. The launcher runs the Lua benchmarks itself and
 * calls this with the bench module's runtime class path.
 */
public final class BenchMain {

    private static final String ALL = "io\\.skyloom\\.bench\\..*";
    private static final Pattern POM_FLAGS = Pattern.compile("<skyloom\\.jvm\\.flags>(.*?)</skyloom\\.jvm\\.flags>");

    private BenchMain() {}

    public static void main(String[] args) throws RunnerException {
        boolean quick = false;
        List<String> include = new ArrayList<>();
        List<String> profilers = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--prof" -> {
                    if (++i == args.length) usage("--prof needs a profiler name (gc, stack, jfr, ...)");
                    profilers.add(args[i]);
                }
                case "-h", "--help" -> usage(null);
                default -> {
                    if (args[i].startsWith("--")) usage("unknown option " + args[i]);
                    include.add(args[i]);
                }
            }
        }
        runJmh(include, quick, profilers);
    }

    static void runJmh(List<String> include, boolean quick, List<String> profilers) throws RunnerException {
        // Quick: about 5 s per benchmark; full: about 15 s. The machine has two noisy
        // cores, so a full run measures longer rather than warming up longer.
        ChainedOptionsBuilder opt = new OptionsBuilder()
                .forks(1)
                .warmupIterations(quick ? 2 : 3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 3 : 5).measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .jvmArgsAppend(forkJvmArgs());
        if (include.isEmpty()) opt.include(ALL);
        for (String i : include) opt.include(i);
        for (String p : profilers) opt.addProfiler(p);
        Collection<RunResult> results;
        try {
            results = new Runner(opt.build()).run();
        } catch (NoBenchmarksException none) {
            // The launcher passes the same names to the Lua benchmarks: a Lua-only name is no error.
            System.out.println("no JMH benchmark matches " + include);
            return;
        }
        ResultTable.print(results, System.out);
    }

    /**
     * The forked JVM's flags: the root pom's {@code skyloom.jvm.flags} (the one place they
     * live; the launcher passes them to this JVM, else they are read from the pom) and
     * two carrier threads, as a node of {@code thread = 2} on the 2-core target machine.
     */
    static String[] forkJvmArgs() {
        List<String> a = new ArrayList<>();
        for (String s : ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (s.startsWith("--add-") || s.startsWith("--enable-native") || s.startsWith("--sun-misc")
                    || s.startsWith("-Dchronicle") || s.startsWith("-Dskyloom.") || s.startsWith("-XX:")) a.add(s);
        if (a.isEmpty()) a.addAll(pomFlags());
        a.add("-Djdk.virtualThreadScheduler.parallelism=2");
        return a.toArray(String[]::new);
    }

    /** skyloom.jvm.flags from the root pom above the working directory, or none. */
    private static List<String> pomFlags() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path pom = d.resolve("pom.xml");
            if (!Files.isRegularFile(pom)) continue;
            try {
                Matcher m = POM_FLAGS.matcher(Files.readString(pom));
                if (m.find()) return List.of(m.group(1).trim().split("\\s+"));
            } catch (IOException e) {
                System.err.println("bench: cannot read " + pom + ": " + e.getMessage());
            }
        }
        System.err.println("bench: no skyloom.jvm.flags found; forks run without the module flags");
        return List.of();
    }

    private static void usage(String error) {
        if (error != null) System.err.println("bench: " + error);
        System.err.println("usage: BenchMain [--quick] [--prof gc|stack|jfr|...] [regex...]");
        System.exit(error == null ? 0 : 2);
    }
}
