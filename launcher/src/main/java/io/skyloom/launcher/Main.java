package io.skyloom.launcher;

import io.skyloom.core.ConfigException;
import io.skyloom.core.NodeConfig;
import io.skyloom.lua.LuaMain;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line behind {@code ./skyloom}: {@code run [-i] FILE.lua [args]}, {@code run
 * <example>}, {@code repl}, {@code bench [names]}. Options before the file: {@code --thread N},
 * {@code --config FILE}.
 */
public final class Main {

    private Main() {}

    public static void main(String[] argv) {
        // SLF4J finds its provider with a ServiceLoader, which reads every jar of the class
        // path (most of 32 ms of a start); the launcher's class path has one, named here.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
            // and not the line SLF4J then prints to say that it loads it
            if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        dropRefusedCache(System.getProperty("skyloom.aot.cache"), System.getProperty("java.vm.info", ""), System.err);
        System.exit(run(argv, System.out, System.err));
    }

    /**
     * {@code ./skyloom} names its start-up cache ({@code skyloom.aot.cache}) when the JVM
     * runs with Skyloom's own flags only: if this JVM then shares no classes ({@code
     * java.vm.info} says "sharing" when it maps a cache), the file is bad (truncated,
     * corrupt), and it goes, so that the next run makes it again. The run goes on without it.
     */
    static void dropRefusedCache(String cache, String vmInfo, PrintStream err) {
        if (cache == null || cache.isEmpty() || vmInfo.contains("sharing")) return;
        try {
            java.nio.file.Files.deleteIfExists(Path.of(cache));
            err.println("skyloom: the JVM refused the start-up cache " + cache + "; the next run makes it again");
        } catch (java.io.IOException | RuntimeException e) {
            err.println("skyloom: the JVM refused the start-up cache " + cache + " and it could not be deleted: " + e.getMessage());
        }
    }

    /** Runs a command; returns the process exit code. */
    static int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0) {
            err.println("usage: skyloom run FILE.lua [args...] | run <example> | bench [names...]");
            return 2;
        }
        String cmd = argv[0];
        List<String> rest = new ArrayList<>(Arrays.asList(argv).subList(1, argv.length));
        NodeConfig.Builder config = NodeConfig.builder();
        if (cmd.equals("run") || cmd.equals("repl")) config.luajcCache(defaultClassCache());
        LuaBench.Request bench = null;
        boolean interactive = cmd.equals("run") && takeFlag(rest, "-i");
        try {
            if (cmd.equals("bench")) bench = LuaBench.parse(rest);
            Options.apply(rest, config);
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("skyloom: " + e.getMessage());
            return 2;
        }
        return switch (cmd) {
            case "run" -> runCommand(rest, config, interactive, out, err);
            case "bench" -> LuaBench.run(bench, rest, config, out, err);
            case "repl" -> ReplMain.run(rest, config, out, err);
            default -> {
                err.println("skyloom: unknown command " + cmd);
                yield 2;
            }
        };
    }

    /**
     * Where {@code run} and {@code repl} keep LuaJC's classes of the user's files between runs
     * ({@code luajc_cache} in a config file names another folder, or {@code false} for none):
     * {@code $XDG_CACHE_HOME/skyloom/luajc}, else {@code ~/.cache/skyloom/luajc}.
     */
    static Path defaultClassCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("skyloom").resolve("luajc");
    }

    /**
     * Takes {@code flag} out of the leading options ({@code run --thread 2 -i file.lua}
     * and {@code run -i --thread 2 file.lua} alike); true when it was there.
     */
    private static boolean takeFlag(List<String> args, String flag) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals(flag)) {
                args.remove(i);
                return true;
            }
            if (!a.startsWith("--")) return false;
            i++;   // the option's value
        }
        return false;
    }

    private static int runCommand(List<String> rest, NodeConfig.Builder config, boolean interactive,
                                  PrintStream out, PrintStream err) {
        if (rest.isEmpty()) {
            err.println("usage: skyloom run FILE.lua [args...]   or   skyloom run <example>; examples: "
                    + String.join(", ", Examples.names()));
            return 2;
        }
        String target = rest.get(0);
        String[] args = rest.subList(1, rest.size()).toArray(String[]::new);
        if (target.endsWith(".lua"))
            return LuaMain.run(config, Path.of(target), args, err, interactive ? ReplMain.prompt(out, err) : null);
        if (interactive) {
            err.println("skyloom: run -i takes a Lua file, not the example " + target);
            return 2;
        }
        return Examples.run(target, config, out, err);
    }
}
