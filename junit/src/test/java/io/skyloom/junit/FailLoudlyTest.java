package io.skyloom.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.core.Context;
import io.skyloom.core.Message;
import io.skyloom.core.Service;
import io.skyloom.foreign.Skyloom;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** A service that fails where no caller sees it fails the test that started it; each check can be turned off. */
class FailLoudlyTest {

    @Test
    void aLuaErrorInASendsHandlerFailsTheTestNamingServiceMessageAndTraceback() {
        String failure = Kit.onlyFailure(Kit.run(CrashOnSend.class));
        assertThat(failure).contains("crashesTheService").contains("faulty")
                .contains("crashed on purpose").contains("faulty.lua:").contains("stack traceback");
    }

    @Test
    void aLuaErrorInAForkedTaskFailsTheTest() {
        String failure = Kit.onlyFailure(Kit.run(CrashInFork.class));
        assertThat(failure).contains("a Lua error no caller saw").contains("fork crashed on purpose");
    }

    @Test
    void aRequestLeftUnansweredFailsTheTest() {
        String failure = Kit.onlyFailure(Kit.run(ForgetsToAnswer.class));
        assertThat(failure).contains("forgetful").contains("without answering");
    }

    @Test
    void aJavaHandlerFailingOnASendFailsTheTest() {
        assertThat(Kit.onlyFailure(Kit.run(JavaHandlerFails.class))).contains("gateway").contains("handler broke");
    }

    @Test
    void anErrorACallerSawIsTheCallersBusinessNotAFailure() {
        var events = Kit.run(CallerSeesTheError.class);
        assertThat(events.failed().count()).isZero();
        assertThat(events.succeeded().count()).isEqualTo(3);  // the engine, the class and the test
    }

    @Test
    void eachCheckCanBeSwitchedOff() {
        var events = Kit.run(CrashOnSendTolerated.class);
        assertThat(events.failed().count()).isZero();
    }

    @Disabled("run by FailLoudlyTest")
    @SkyloomTest(servicePath = "src/test/resources/lua", services = "faulty")
    static class CrashOnSend {
        @Test
        void crashesTheService(Skyloom node, @Named("faulty") int faulty) {
            sendLua(node, faulty, "crash");
        }
    }

    @Test
    void anExpectedProblemDoesNotFailTheTestAndItsLogLinesCanBeAwaited() {
        var events = Kit.run(ExpectsTheCrash.class);
        assertThat(events.failed().count()).as("failures: %s", events.failed().list()).isZero();
        assertThat(events.succeeded().count()).isEqualTo(3);
    }

    @Test
    void anExpectedProblemThatNeverCameFailsTheTest() {
        assertThat(Kit.onlyFailure(Kit.run(ExpectsInVain.class)))
                .contains("expected a problem containing 'crashed on purpose'").contains("none came");
    }

    @Disabled("run by FailLoudlyTest")
    @SkyloomTest(servicePath = "src/test/resources/lua", services = "faulty")
    static class ExpectsTheCrash {
        @Test
        void crashesAForkOnPurpose(Skyloom node, @Named("faulty") int faulty, TestLog log) {
            log.expectProblem("fork crashed on purpose");
            sendLua(node, faulty, "crash_fork");
            assertThat(log.awaitLine("fork crashed on purpose")).contains("ERROR");
            assertThat(log.text()).contains("stack traceback");
        }
    }

    @Disabled("run by FailLoudlyTest")
    @SkyloomTest(servicePath = "src/test/resources/lua", services = "faulty")
    static class ExpectsInVain {
        @Test
        void nothingCrashes(TestLog log) {
            log.expectProblem("crashed on purpose");
        }
    }

    @Disabled("run by FailLoudlyTest")
    @SkyloomTest(servicePath = "src/test/resources/lua", services = "faulty", failOnServiceError = false)
    static class CrashOnSendTolerated {
        @Test
        void crashesTheService(Skyloom node, @Named("faulty") int faulty) {
            sendLua(node, faulty, "crash");
        }
    }

    @Disabled("run by FailLoudlyTest")
    @SkyloomTest(servicePath = "src/test/resources/lua", services = "faulty")
    static class CrashInFork {
        @Test
        void crashesAFork(Skyloom node, @Named("faulty") int faulty) {
            sendLua(node, faulty, "crash_fork");
        }
    }

    @Disabled("run by FailLoudlyTest")
    @SkyloomTest
    static class JavaHandlerFails {
        @Test
        void luaSendsToABrokenHandler(Skyloom node) throws InterruptedException {
            var ran = new java.util.concurrent.CountDownLatch(1);
            node.foreign().dispatch("note", args -> {
                ran.countDown();
                throw new IllegalStateException("handler broke");
            });
            node.scriptservice("""
                    local skynet = require "skynet"
                    local foreign = require "pyskynet.foreign"
                    skynet.start(function() foreign.send(".java", "note", 1) end)
                    """);
            // A gateway handler runs on its own thread, unseen by the node's idleness: closing
            // the node joins that thread, so its failure is told before the test ends.
            assertThat(ran.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    @Disabled("run by FailLoudlyTest")
    @SkyloomTest
    static class ForgetsToAnswer {
        @Test
        void callsAForgetfulService(Skyloom node) {
            int h = node.newservice("forgetful", new Service() {
                @Override
                public void handle(Context ctx, Message m) {}
            });
            try {
                node.foreign().call(h, "anything");
            } catch (RuntimeException expected) {
                // the caller is told; the test still fails, because the service forgot
            }
        }
    }

    @Disabled("run by FailLoudlyTest")
    @SkyloomTest(servicePath = "src/test/resources/lua", services = "faulty")
    static class CallerSeesTheError {
        @Test
        void callsAndCatches(Skyloom node, @Named("faulty") int faulty) {
            int caller = node.scriptservice("""
                    local skynet = require "skynet"
                    local foreign = require "pyskynet.foreign"
                    local target = ...
                    foreign.dispatch("try", function() return pcall(skynet.call, target, "lua", "crash") end)
                    skynet.start(function() end)
                    """, (long) faulty);
            Object[] r = node.foreign().call(caller, "try");
            assertThat(r[0]).isEqualTo(false);
            assertThat((String) r[1]).contains("crashed on purpose");
        }
    }

    /** Sends a "lua" message the way a Lua service would, through a tiny Lua sender. */
    static void sendLua(Skyloom node, int to, String cmd) {
        node.scriptservice("""
                local skynet = require "skynet"
                local to, cmd = ...
                skynet.start(function() skynet.send(to, "lua", cmd) end)
                """, (long) to, cmd);
    }
}
