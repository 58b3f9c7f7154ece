package io.skyloom.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A node's log is kept per test and printed only when the test fails. Isolated: it swaps
 * where failing tests' logs are printed, which is one per JVM.
 */
@Isolated
class NodeLogTest {

    static final String LOGS = """
            local skynet = require "skynet"
            local word = ...
            skynet.start(function() skynet.error("the service says " .. word) end)
            """;

    static String printedBy(Class<?> example) {
        var out = new ByteArrayOutputStream();
        PrintStream before = LogRouter.swapConsole(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Kit.run(example);
        } finally {
            LogRouter.swapConsole(before);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFailingTestPrintsItsNodesLogUnderItsName() {
        assertThat(printedBy(Fails.class)).contains("the node's log during fails(Skyloom)").contains("the service says aubergine");
    }

    @Test
    void aPassingTestPrintsNothing() {
        assertThat(printedBy(Passes.class)).doesNotContain("the service says").doesNotContain("the node's log");
    }

    @Test
    void aFailureAfterAPerClassNodesTestIsToldAtTheClassesEnd() {
        var events = Kit.run(FailsBetweenTests.class);
        assertThat(Kit.onlyFailure(events)).contains("FailsBetweenTests").contains("late crash");
    }

    @Test
    void tasksLeftAliveAfterCloseFailTheTest() {
        assertThat(Kit.onlyFailure(Kit.run(LeavesATask.class))).contains("tasks of node").contains("still alive");
    }

    @Disabled("run by NodeLogTest")
    @SkyloomTest
    static class Fails {
        @Test
        void fails(Skyloom node) {
            node.scriptservice(LOGS, "aubergine");
            throw new AssertionError("on purpose");
        }
    }

    @Disabled("run by NodeLogTest")
    @SkyloomTest
    static class Passes {
        @Test
        void passes(Skyloom node) {
            node.scriptservice(LOGS, "courgette");
        }
    }

    @Disabled("run by NodeLogTest")
    @SkyloomTest(lifecycle = SkyloomTest.Lifecycle.PER_CLASS)
    static class FailsBetweenTests {
        static Skyloom node;

        @Test
        void leavesATimer(Skyloom n) {
            node = n;
            // After the test: a forked task fails, then a later tick says it has happened.
            n.scriptservice("""
                    local skynet = require "skynet"
                    skynet.start(function()
                        skynet.timeout(15, function()
                            skynet.fork(function() error("late crash") end)
                            skynet.timeout(1, function() skynet.setenv("crashed", true) end)
                        end)
                    end)
                    """);
        }

        @org.junit.jupiter.api.AfterAll
        static void theCrashHappensBeforeTheClassesNodeCloses() throws InterruptedException {
            long end = System.nanoTime() + 10_000_000_000L;
            while (node.getenv("crashed") == null && System.nanoTime() < end)
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }

    @Disabled("run by NodeLogTest")
    @SkyloomTest(closeTimeoutMillis = 100)
    static class LeavesATask {
        @Test
        void startsATaskThatIgnoresInterrupts(Skyloom node) {
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            node.spawn("stubborn", () -> {
                long end = System.nanoTime() + 2_000_000_000L;
                while (System.nanoTime() < end) {
                    try {
                        release.await(50, java.util.concurrent.TimeUnit.MILLISECONDS);
                    } catch (InterruptedException ignored) {
                        // ignores the close on purpose, for two seconds at most
                    }
                }
                return null;
            });
        }
    }
}
