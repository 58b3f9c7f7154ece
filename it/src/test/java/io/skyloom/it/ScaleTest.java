package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Blocking is parking: many waiting calls cost no platform threads. */
class ScaleTest {

    static final int THREAD = 2;
    static final int CALLERS = 100_000;

    @Test
    void aHundredThousandBlockedCallsHoldNoPlatformThreads() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (a.startsWith("--add-") || a.startsWith("--enable-native")) cmd.add(a);
        cmd.add("-Djdk.virtualThreadScheduler.parallelism=" + THREAD);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ScaleProbe.class.getName());
        cmd.add(String.valueOf(THREAD));
        cmd.add(String.valueOf(CALLERS));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes());
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("probe JVM ended").isTrue();
        String report = out.get(10, TimeUnit.SECONDS);
        assertThat(report).as(report).contains("HELD true").contains("DONE " + CALLERS);
        long max = Long.parseLong(report.replaceAll("(?s).*MAX_PLATFORM (\\d+).*", "$1"));
        assertThat(max).as("platform threads at most thread + 16\n" + report).isLessThanOrEqualTo(THREAD + 16);
        assertThat(p.exitValue()).isZero();
    }
}
