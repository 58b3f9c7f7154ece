package io.skyloom.junit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Skyloom node in a forked JVM, on the test's transport folder: started as a user
 * starts one ({@code skyloom run --config FILE main.lua}), with this JVM's class path
 * and flags. The main Lua file says it is ready by printing a line {@code READY ...};
 * {@link #ready} gives that line's words. Kill it, stop it (SIGSTOP) and resume it to
 * test what its peers do. Closed with the test's node. Thread-safe.
 */
public final class ForkedNode implements AutoCloseable {

    private final int nodeId;
    private final Process process;
    private final CompletableFuture<List<String>> ready = new CompletableFuture<>();
    private final StringBuffer output = new StringBuffer();

    private ForkedNode(int nodeId, Process process) {
        this.nodeId = nodeId;
        this.process = process;
        Thread.ofVirtual().name("forked-node-" + nodeId).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.append(line).append('\n');
                    if (line.startsWith("READY")) ready.complete(List.of(line.substring(5).trim().split("\\s+")));
                }
            } catch (IOException ended) {
                // the process ended
            }
            ready.completeExceptionally(new IllegalStateException("node " + nodeId + " ended before printing READY:\n" + output));
        });
    }

    static ForkedNode start(Path folder, int nodeId, Path main, List<String> servicePath) throws IOException {
        Path config = Files.createTempFile(folder, "node-" + nodeId + "-", ".config");
        StringBuilder c = new StringBuilder("harbor = " + nodeId + "\ntransport = " + folder + "\nthread = 2\n");
        List<String> path = new ArrayList<>(servicePath);
        path.add(main.toAbsolutePath().getParent() + "/?.lua");
        c.append("luaservice = ").append(String.join(";", path)).append('\n');
        Files.writeString(config, c);
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent")) cmd.add(a);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.skyloom.launcher.Main", "run", "--config",
                config.toString(), main.toAbsolutePath().toString()));
        return new ForkedNode(nodeId, new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    public int nodeId() {
        return nodeId;
    }

    public long pid() {
        return process.pid();
    }

    /** The words after READY on the main file's READY line, waiting up to {@code limit} for it. */
    public List<String> ready(Duration limit) throws InterruptedException, TimeoutException {
        try {
            return ready.get(Waits.dilated(limit).toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** What the node printed so far. */
    public String output() {
        return output.toString();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** kill -9: the node dies at once, as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the node freezes (its peers see it stop beating). */
    public void stop() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #stop}. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String sig) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + sig, String.valueOf(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) return;
        try {
            resume();
        } catch (IOException ignored) {
            // it is killed next anyway
        }
        kill();
    }
}
