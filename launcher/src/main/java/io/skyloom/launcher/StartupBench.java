package io.skyloom.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./skyloom bench --startup}: the time from starting a command to its first byte
 * of output, ten runs each: {@code ./skyloom run hello.lua} (a one-line Lua file, in the
 * Lua mode of {@code bench --config}), the
 * Java quick start ({@code ./skyloom run hello}), and with {@code --against} the same
 * Lua file as skynet's start service. The launcher script is part of what a user waits
 * for, so it is timed as a whole.
 */
final class StartupBench {

    static final int RUNS = 10;

    private StartupBench() {}

    static int run(List<BenchTarget> targets, PrintStream out, PrintStream err) {
        Path dir;
        try {
            dir = Files.createTempDirectory("skyloom-startup");
            Files.writeString(dir.resolve("hello.lua"), """
                    local skynet = require "skynet"
                    skynet.start(function()
                        print("hello")
                        skynet.exit()
                    end)
                    """);
        } catch (IOException e) {
            err.println("skyloom: bench --startup: " + e.getMessage());
            return 1;
        }
        String launcher = LuaBench.root().resolve("skyloom").toString();
        int failures = 0;
        // In the Lua mode of bench --config (luajc, lua_debug), as the other benchmarks run.
        List<String> lua = new java.util.ArrayList<>(List.of(launcher, "run"));
        for (BenchTarget t : targets)
            if (t instanceof BenchTarget.Skyloom s && s.procConfig() != null) lua.addAll(List.of("--config", s.procConfig().toString()));
        lua.add(dir.resolve("hello.lua").toString());
        failures += report(out, "skyloom run hello.lua", lua, Map.of(), null);
        failures += report(out, "skyloom run hello (Java)", List.of(launcher, "run", "hello"), Map.of(), null);
        for (BenchTarget t : targets) {
            if (!(t instanceof BenchTarget.Skynet s)) continue;
            try {
                Path config = dir.resolve("startup.config");
                Files.writeString(config, "root = \"" + s.root() + "/\"\nthread = 2\nharbor = 0\nstart = \"hello\"\n"
                        + "bootstrap = \"snlua bootstrap\"\ncpath = root .. \"cservice/?.so\"\n"
                        + "lualoader = root .. \"lualib/loader.lua\"\nlua_path = root .. \"lualib/?.lua\"\n"
                        + "lua_cpath = root .. \"luaclib/?.so\"\nluaservice = \"" + dir + "/?.lua;\" .. root .. \"service/?.lua\"\n");
                failures += report(out, "skynet hello.lua", List.of(s.root().resolve("skynet").toString(), config.toString()),
                        Map.of(), "hello");
            } catch (IOException e) {
                err.println("skyloom: bench --startup: " + e.getMessage());
                failures++;
            }
        }
        return failures;
    }

    /** Times RUNS starts; {@code until}: wait for a line containing it (skynet logs other lines first). */
    private static int report(PrintStream out, String what, List<String> cmd, Map<String, String> env, String until) {
        double[] secs = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            secs[i] = firstOutput(cmd, env, until);
            if (secs[i] < 0) {
                out.printf("startup %-26s FAILED (no output)%n", what);
                return 1;
            }
        }
        Arrays.sort(secs);
        out.printf("startup %-26s median %.3f s (min %.3f, max %.3f, %d runs)%n", what, (secs[4] + secs[5]) / 2, secs[0],
                secs[RUNS - 1], RUNS);
        return 0;
    }

    private static double firstOutput(List<String> cmd, Map<String, String> env, String until) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return -1;
        }
        double at = -1;
        try (InputStream in = p.getInputStream()) {
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) >= 0; ) {
                if (until == null) {
                    at = (System.nanoTime() - t0) / 1e9;
                    break;
                }
                line.append((char) b);
                if (line.indexOf(until) >= 0) {
                    at = (System.nanoTime() - t0) / 1e9;
                    break;
                }
                if (b == '\n') line.setLength(0);
            }
        } catch (IOException e) {
            at = -1;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return at;
    }
}
