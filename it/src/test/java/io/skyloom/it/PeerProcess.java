package io.skyloom.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Skyloom node in a second JVM, started the way a user starts one ({@code Main run
 * --config FILE main.lua}), with this JVM's class path and flags. Its output is kept;
 * {@link #ready} completes with the fields of its {@code READY} line.
 */
final class PeerProcess implements AutoCloseable {

    final Process process;
    final CompletableFuture<String[]> ready = new CompletableFuture<>();
    private final StringBuffer output = new StringBuffer();

    private PeerProcess(Process p) {
        this.process = p;
        Thread.ofVirtual().name("peer-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.append(line).append('\n');
                    if (line.startsWith("READY ")) ready.complete(line.substring(6).trim().split(" "));
                }
            } catch (IOException ignored) {
                // the process ended
            }
            ready.completeExceptionally(new IllegalStateException("peer ended before READY:\n" + output));
        });
    }

    /** Starts {@code main} (a file of it's Lua test folder) as node {@code id} on {@code folder}. */
    static PeerProcess start(Path folder, int id, String main) throws IOException {
        Path config = Files.createTempFile("peer", ".config");
        Files.writeString(config, "harbor = " + id + "\ntransport = " + folder + "\nthread = 2\n"
                + "luaservice = " + LuaServiceTest.LUA_DIR + "/?.lua\n");
        return java("io.skyloom.launcher.Main", "run", "--config", config.toString(), LuaServiceTest.LUA_DIR + "/" + main);
    }

    /** Starts the main class {@code mainClass} of this JVM's class path with {@code args}. */
    static PeerProcess java(String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent")) cmd.add(a);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return new PeerProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    /** The READY line's handles, waiting for the peer to start. */
    int[] handles() throws Exception {
        String[] f = ready.get(60, TimeUnit.SECONDS);
        int[] h = new int[f.length];
        for (int i = 0; i < f.length; i++) h[i] = (int) Long.parseLong(f[i]);
        return h;
    }

    String output() {
        return output.toString();
    }

    void signal(String sig) throws Exception {
        new ProcessBuilder("kill", "-" + sig, String.valueOf(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            signal("CONT");
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
