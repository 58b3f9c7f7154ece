package io.skyloom.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REPL as a user drives it: a real {@code ./skyloom repl} (or {@code run -i}) process,
 * lines on its standard input, and what it prints; one run through a pseudo-terminal
 * ({@code script} from util-linux) for JLine's line editing and history.
 */
class ReplTest {

    /** A process's output as it arrives, waited on with a deadline. */
    static final class Output {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition grew = lock.newCondition();
        private final StringBuilder text = new StringBuilder();   // guarded by lock

        Output(InputStream in) {
            Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[4096];
                try {
                    for (int n; (n = in.read(buf)) > 0; ) append(new String(buf, 0, n, StandardCharsets.UTF_8));
                } catch (IOException ended) {
                    // the process is gone
                }
            });
        }

        private void append(String s) {
            lock.lock();
            try {
                text.append(s);
                grew.signalAll();
            } finally {
                lock.unlock();
            }
        }

        String text() {
            lock.lock();
            try {
                return text.toString();
            } finally {
                lock.unlock();
            }
        }

        /** Waits up to 60 s until the output, from {@code from} on, contains {@code fragment}; returns where it ends. */
        int await(String fragment, int from) throws InterruptedException {
            long left = TimeUnit.SECONDS.toNanos(60);
            lock.lock();
            try {
                for (;;) {
                    int at = text.indexOf(fragment, from);
                    if (at >= 0) return at + fragment.length();
                    if (left <= 0) throw new AssertionError("no '" + fragment + "' in the output:\n" + text);
                    left = grew.awaitNanos(left);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    static Process start(List<String> cmd, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("SKYLOOM_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("TERM", "xterm");
        pb.environment().put("SKYLOOM_JAVA_OPTS", "-Duser.home=" + dir);   // the history file goes there, not to ~
        return pb.start();
    }

    /** Runs {@code ./skyloom args...} in {@code dir} with {@code input} on its standard input; returns all it printed. */
    static String session(Path dir, String input, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(LauncherScriptTest.ROOT.resolve("skyloom").toString()));
        cmd.addAll(List.of(args));
        Process p = start(cmd, dir);
        Output out = new Output(p.getInputStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the REPL still runs 60 s after its input ended:\n" + out.text());
        }
        assertThat(p.exitValue()).as(out.text()).isZero();
        p.getInputStream().close();
        return out.text();
    }

    @Test
    void printsWhatAChunkPrintsAndWhatAnExpressionIsAndGoesOnAfterErrors(@TempDir Path dir) throws Exception {
        String out = session(dir, """
                print(6*7)
                1+1
                local t = {
                  10,
                  20 }  print(#t)
                x = = 1
                error("boom")
                return "still", "here"
                """, "repl");
        assertThat(out).contains("42\n").contains("2\n").contains("stdin:1: unexpected symbol near '='")
                .contains("stdin:1: boom\nstack traceback:\n\tstdin:1: in main chunk");
        assertThat(out.indexOf("42\n")).isLessThan(out.indexOf("\n2\n"));
        assertThat(out.indexOf("\n2\n")).isLessThan(out.indexOf("near '='"));
        assertThat(out.indexOf("near '='")).isLessThan(out.indexOf("boom"));
        assertThat(out.indexOf("boom")).isLessThan(out.indexOf("still\there"));
        assertThat(out).doesNotContain("skyloom_repl.lua");   // the traceback stops at the chunk
    }

    @Test
    void aChunkOverSeveralLinesRunsOnceItIsComplete(@TempDir Path dir) throws Exception {
        String out = session(dir, """
                function twice(x)
                  return 2 * x
                end
                for i = 1, 2 do
                  print("i", twice(i))
                end
                """, "repl");
        assertThat(out).isEqualTo("i\t2\ni\t4\n");
    }

    @Test
    void skynetCallFromThePromptReachesAServiceOfTheCurrentFolder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("adder.lua"), """
                local skynet = require "skynet"
                skynet.start(function()
                    skynet.dispatch("lua", function(_, _, a, b) skynet.retpack(a + b) end)
                end)
                """);
        String out = session(dir, """
                adder = skynet.newservice("adder")
                skynet.call(adder, "lua", 20, 22)
                list
                mem
                stat
                kill :00000003
                list
                skynet.call(adder, "lua", 1, 2)
                list = "a global named like a command"
                print(list)
                """, "repl");
        assertThat(out).contains("42\n")
                .contains(":00000002\tskyloom_repl\n:00000003\tadder\n")
                .contains(" Kb (adder)\n").contains(":00000003\tcpu:0\tmessage:")
                .contains("no service :00000003: it never existed or has exited");
        // kill prints what it killed; the list after it has the REPL's service only
        String afterKill = out.substring(out.lastIndexOf(":00000003\tadder\n") + ":00000003\tadder\n".length());
        assertThat(afterKill).contains(":00000002\tskyloom_repl\n").doesNotContain("adder\n");
        assertThat(out).endsWith("a global named like a command\n");   // a Lua statement stays Lua
    }

    @Test
    void runDashIGivesAPromptInsideTheNodeOfTheFileAfterItStarts(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("main.lua"), """
                local skynet = require "skynet"
                skynet.start(function()
                    skynet.dispatch("lua", function(_, _, who) skynet.retpack("hello, " .. who) end)
                    skynet.register(".greeter")
                    print("main started")
                end)
                """);
        String out = session(dir, """
                skynet.call(".greeter", "lua", "prompt")
                """, "run", "-i", "--thread", "2", "main.lua");
        assertThat(out).contains("main started\n").contains("hello, prompt\n");
        assertThat(out.indexOf("main started")).isLessThan(out.indexOf("hello, prompt"));
    }

    @Test
    void skynetAbortAtThePromptClosesTheNodeAndEndsTheRun(@TempDir Path dir) throws Exception {
        String out = session(dir, """
                print("before")
                skynet.abort()
                print("after")
                """, "repl");
        assertThat(out).contains("before\n").doesNotContain("after");
    }

    @Test
    void aFileThatExitsAsItStartsStillLeavesAPromptOnItsNode(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("quick.lua"), """
                local skynet = require "skynet"
                skynet.start(function() skynet.setenv("quick", "was here") skynet.exit() end)
                """);
        String out = session(dir, "skynet.getenv('quick')\n", "run", "-i", "quick.lua");
        assertThat(out).contains("was here\n");
    }

    @Test
    void lineEditingHistoryAndCtrlCWorkOnATerminal(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script (util-linux) makes the pseudo-terminal");
        String repl = LauncherScriptTest.ROOT.resolve("skyloom") + " repl";
        Process p = start(List.of("/usr/bin/script", "-qfc", "stty cols 100 rows 24; exec " + repl, "/dev/null"), dir);
        Output out = new Output(p.getInputStream());
        try (OutputStream keys = p.getOutputStream()) {
            int at = out.await("> ", out.await("Ctrl-D ends.", 0));
            // "rint(6*7)", Ctrl-A (to the line's start), "p", Enter: only an editor makes that print(6*7)
            keys.write("rint(6*7)\u0001p\r".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            at = out.await("42", at);
            at = out.await("> ", at);
            // Up (history: the same line again), Enter
            keys.write("\u001bOA\r".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            at = out.await("print(6*7)", at);
            at = out.await("42", at);
            at = out.await("> ", at);
            // Ctrl-C while a chunk spins stops it and gives a fresh service
            keys.write("print('spin' .. 'ning') while true do end\r".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            at = out.await("spinning", at);
            keys.write("\u0003".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            at = out.await("interrupted: the REPL's service was stopped", at);
            at = out.await("> ", at);
            keys.write("print(6*9)\r".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            at = out.await("54", at);
            at = out.await("> ", at);
            keys.write("\u0004".getBytes(StandardCharsets.UTF_8));   // Ctrl-D ends it, keeping the history
            keys.flush();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the REPL did not end on Ctrl-D:\n" + out.text());
            }
        }
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve(".skyloom_history"))).contains("print(6*7)").contains("print(6*9)");
    }
}
