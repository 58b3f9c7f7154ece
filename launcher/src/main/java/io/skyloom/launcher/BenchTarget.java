package io.skyloom.launcher;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What runs a benchmark file: this Skyloom (a fresh JVM like the one running now) or a
 * skynet build given with {@code --against}. Both run the same files of one folder.
 */
interface BenchTarget {

    String label();

    BenchProcess.Outcome run(String name, long count);

    /** The process that runs benchmark {@code name} of bench_main, not yet started. */
    ProcessBuilder process(String name, long count);

    /** This Skyloom, in a JVM with this JVM's flags and class path. */
    record Skyloom(Path files, int thread, Path procConfig) implements BenchTarget {
        @Override
        public String label() {
            return "skyloom";
        }

        @Override
        public BenchProcess.Outcome run(String name, long count) {
            return BenchProcess.run(name, process(name, count), false, 600);
        }

        @Override
        public ProcessBuilder process(String name, long count) {
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(Main.class.getName());
            cmd.add("run");
            cmd.add("--thread");
            cmd.add(String.valueOf(thread));
            if (procConfig != null) {
                cmd.add("--config");
                cmd.add(procConfig.toString());
            }
            cmd.add(files.resolve("bench_main.lua").toString());
            cmd.add(name);
            if (count > 0) cmd.add(String.valueOf(count));
            return new ProcessBuilder(cmd);
        }
    }

    /** A skynet checkout built by its own Makefile: DIR/skynet and its lualib, service, cservice. */
    record Skynet(Path root, Path files, int thread) implements BenchTarget {

        /** The build in {@code dir}, or an error naming what is missing. */
        static Skynet find(Path dir, Path files, int thread) {
            Path bin = dir.resolve("skynet");
            if (!Files.isExecutable(bin))
                throw new IllegalArgumentException("--against " + dir + ": no skynet binary there (build it with its Makefile: make linux)");
            if (!Files.isRegularFile(files.resolve("bench.config")))
                throw new IllegalArgumentException("--against: " + files + " has no bench.config for skynet");
            return new Skynet(dir.toAbsolutePath().normalize(), files, thread);
        }

        @Override
        public String label() {
            return "skynet";
        }

        @Override
        public BenchProcess.Outcome run(String name, long count) {
            // skynet's helper services outlive the main one: the process is stopped after the result.
            return BenchProcess.run(name, process(name, count), true, 600);
        }

        @Override
        public ProcessBuilder process(String name, long count) {
            ProcessBuilder pb = new ProcessBuilder(root.resolve("skynet").toString(), files.resolve("bench.config").toString())
                    .directory(root.toFile());
            pb.environment().putAll(Map.of("SKYNET_ROOT", root.toString(), "BENCH_DIR", files.toString(),
                    "BENCH_THREAD", String.valueOf(thread), "BENCH", count > 0 ? name + " " + count : name));
            return pb;
        }
    }
}
