package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** `skyloom run FILE.lua` in a second JVM, as a user runs it. */
class LauncherTest {

    static final Path LUA = Path.of("src/test/resources/lua").toAbsolutePath();

    record Run(int exit, String output) {}

    static Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (a.startsWith("--add-") || a.startsWith("--enable-native")) cmd.add(a);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.skyloom.launcher.Main");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    static Run run(String... args) throws Exception {
        Process p = start(args);
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("process ended").isTrue();
        return new Run(p.exitValue(), out.get(10, TimeUnit.SECONDS));
    }

    static String read(Process p) {
        try {
            return new String(p.getInputStream().readAllBytes());
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void aLuaFileRunsAsTheMainServiceWithItsArgumentsAndExitsZero() throws Exception {
        Run r = run("run", LUA.resolve("main_ok.lua").toString(), "hello", "world");
        assertThat(r.output()).contains("echo says\thello\tworld");
        assertThat(r.exit()).isZero();
    }

    @Test
    void anErrorWhileStartingNamesFileAndLineAndExitsNonZero() throws Exception {
        Run r = run("run", LUA.resolve("start_error.lua").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("start_error.lua:4:").contains("cannot start without a database")
                .contains("stack traceback");
    }

    @Test
    void aSyntaxErrorNamesFileAndLine() throws Exception {
        Run r = run("run", LUA.resolve("syntax_error.lua").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("syntax_error.lua:4");
    }

    @Test
    void abortStopsTheWholeNodeCleanly() throws Exception {
        Run r = run("run", LUA.resolve("main_abort.lua").toString());
        assertThat(r.output()).contains("aborting");
        assertThat(r.exit()).isZero();
    }

    @Test
    void aSignalStopsARunningNodeCleanly() throws Exception {
        Process p = start("run", LUA.resolve("main_forever.lua").toString());
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return e.toString();
            }
        });
        assertThat(first.get(60, TimeUnit.SECONDS)).isEqualTo("running");
        p.destroy();   // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook closes the node
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(143);
    }

    @Test
    void aConfigFileSetsTheNodeAndItsOtherKeysGoToEnv() throws Exception {
        Run r = run("run", "--config", LUA.resolve("test.config").toString(), LUA.resolve("main_config.lua").toString());
        assertThat(r.output()).contains("greeting=hello from config");
        assertThat(r.exit()).isZero();
        Run bad = run("run", "--thread", "0", LUA.resolve("main_config.lua").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.output()).contains("thread");
    }

    @Test
    void aMissingFileIsAUsageError() throws Exception {
        Run r = run("run", LUA.resolve("nope.lua").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output()).contains("no such Lua file");
    }

    @Test
    void theJavaExampleRuns() throws Exception {
        Run r = run("run", "hello");
        assertThat(r.exit()).isZero();
        assertThat(r.output()).contains("java echo -> [1, two]").contains("lua hi   -> hello, lua");
    }
}
