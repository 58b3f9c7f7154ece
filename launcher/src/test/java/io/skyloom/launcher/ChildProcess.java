package io.skyloom.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A child process the launcher tests start (the {@code ./skyloom} script or a bare JVM):
 * stdin from /dev/null, stdout and stderr merged and read while it runs, a deadline
 * after which it is killed and the test fails naming what was run.
 */
final class ChildProcess {

    /** How a child ended: its exit code and everything it printed. */
    record Run(int exit, String output) {
        /** The last {@code chars} characters of the output, for an assertion's message. */
        String tail(int chars) {
            return output.length() > chars ? output.substring(output.length() - chars) : output;
        }
    }

    private ChildProcess() {}

    static Run run(ProcessBuilder pb, Duration deadline) throws Exception {
        pb.redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", pb.command()) + " still running after " + deadline.toSeconds() + " s");
        }
        return new Run(p.exitValue(), out.get(10, TimeUnit.SECONDS));
    }
}
