package io.skyloom.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.core.CallTimeoutException;
import io.skyloom.core.Context;
import io.skyloom.core.Message;
import io.skyloom.core.Service;
import io.skyloom.foreign.Skyloom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Virtual time drives the node: Lua and Java timers, call deadlines and the clock move only with the test's clock. */
@SkyloomTest(virtualTime = true, servicePath = "src/test/resources/lua")
class VirtualTimeTest {

    @Inject Skyloom node;
    @Inject VirtualClock clock;

    @Test
    void anHourOfSkynetSleepPassesInUnderASecond(Probe report) {
        node.newservice("hourly", (long) report.handle());
        long start = System.nanoTime();    // after the start: the first Lua service of a JVM loads LuaJ
        clock.advance(Duration.ofMinutes(59).plusSeconds(59));
        report.expectNoMessage(Duration.ofMillis(50));
        clock.advance(Duration.ofSeconds(1));
        assertThat(report.expectSend("woke", 360_000L).args()).containsExactly(360_000L);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @RepeatedTest(100)
    void sixtySleepsOfAMinuteEachWakeAtExactlyTheirMinute(Probe report) {
        node.newservice("ticker", (long) report.handle());
        clock.advance(Duration.ofHours(1));
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= 60; i++) expected.add(i * 6000);
        assertThat(report.expectSend("done", expected).args()).containsExactly(expected);
        assertThat(clock.now()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void skynetTimeoutFiresWhenItsInstantComesAndNotBefore(Probe report) {
        node.scriptservice("""
                local skynet = require "skynet"
                local report = ...
                skynet.start(function()
                    skynet.timeout(500, function() skynet.send(report, "lua", "fired", skynet.now()) end)
                end)
                """, (long) report.handle());
        clock.advance(Duration.ofMillis(4990));
        report.expectNoMessage(Duration.ofMillis(20));
        clock.advance(Duration.ofMillis(10));
        report.expectSend("fired", 500L);
    }

    @Test
    void javaServicesSleepAndTimeOnTheSameClock(Probe report) {
        int probe = report.handle();
        node.newservice("napper", new Service() {
            @Override
            public void start(Context ctx) {
                ctx.timeout(100, () -> ctx.send(probe, io.skyloom.core.PType.FOREIGN, new Object[] {"timeout", ctx.now()}));
                ctx.fork(() -> {
                    ctx.sleep(Duration.ofMinutes(10));
                    ctx.send(probe, io.skyloom.core.PType.FOREIGN, new Object[] {"slept", ctx.now()});
                });
            }

            @Override
            public void handle(Context ctx, Message m) {}
        });
        clock.advance(Duration.ofSeconds(1));
        report.expectSend("timeout", 100L);
        report.expectNoMessage(Duration.ofMillis(20));
        clock.advance(Duration.ofMinutes(10));
        report.expectSend("slept", 60_000L);
    }

    @Test
    void aCallTimeoutFromJavaIsAVirtualDeadline(Stubs stubs) throws Exception {
        stubs.stub(".slow").when("get").never();
        var answer = node.foreign().callAsync(Duration.ofSeconds(5), (Object) ".slow", "get", new Object[0]);
        clock.advance(Duration.ofMillis(4999));
        clock.runUntilIdle();
        assertThat(answer).isNotDone();
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(CallTimeoutException.class);
    }

    @Test
    void aCallTimeoutInsideAServiceIsAVirtualDeadlineToo(Stubs stubs, Probe report) {
        stubs.stub(".slow").when("get").never();
        int probe = report.handle();
        int slow = node.query(".slow");
        node.newservice("impatient", new Service() {
            @Override
            public void start(Context ctx) {
                ctx.fork(() -> {
                    try {
                        ctx.call(slow, io.skyloom.core.PType.FOREIGN, new Object[] {"get"}, Duration.ofSeconds(30));
                    } catch (CallTimeoutException e) {
                        ctx.send(probe, io.skyloom.core.PType.FOREIGN, new Object[] {"gave up", ctx.now()});
                    }
                });
            }

            @Override
            public void handle(Context ctx, Message m) {}
        });
        clock.advance(Duration.ofSeconds(29));
        report.expectNoMessage(Duration.ofMillis(20));
        clock.advance(Duration.ofSeconds(1));
        report.expectSend("gave up", 3000L);
    }

    @Test
    void runUntilIdleFiresOnlyWhatIsDueNow(Probe report) {
        node.scriptservice("""
                local skynet = require "skynet"
                local report = ...
                skynet.start(function()
                    skynet.timeout(0, function() skynet.send(report, "lua", "now") end)
                    skynet.timeout(1, function() skynet.send(report, "lua", "later") end)
                end)
                """, (long) report.handle());
        clock.runUntilIdle();
        report.expectSend("now");
        report.expectNoMessage(Duration.ofMillis(20));
        assertThat(clock.pendingTimers()).isEqualTo(1);
        assertThat(clock.advanceToNextTimer()).isTrue();
        report.expectSend("later");
        assertThat(clock.now()).isEqualTo(Duration.ofMillis(10));
        assertThat(clock.advanceToNextTimer()).isFalse();
    }
}
