package io.skyloom.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.foreign.Skyloom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Probes record what reaches them; expectations say what came instead when they fail. */
@SkyloomTest
class ProbeTest {

    @Inject Skyloom node;

    /** A Lua service that sends {@code count} numbered pings to {@code to}, then calls it once. */
    void pinger(Probe to, int count) {
        node.scriptservice("""
                local skynet = require "skynet"
                local to, count = ...
                skynet.start(function()
                    skynet.fork(function()
                        for i = 1, count do skynet.send(to, "lua", "ping", i) end
                        local answer = skynet.call(to, "lua", "done", count)
                        skynet.send(to, "lua", "answered", answer)
                    end)
                end)
                """, (long) to.handle(), (long) count);
    }

    @Test
    void expectationsMatchCommandAndValuesInOrder(Probe probe) {
        probe.replyWith(m -> new Object[] {"ok " + m.args().get(0)});
        pinger(probe, 2);
        probe.expectSend("ping", 1);
        probe.expectSend("ping", 2);
        assertThat(probe.expectCall("done", 2).source()).isNotZero();
        probe.expectSend("answered", "ok 2");
        probe.expectNoMessage(Duration.ofMillis(30));
    }

    @Test
    void aMismatchNamesWhatArrivedInstead(Probe probe) {
        pinger(probe, 1);
        assertThatThrownBy(() -> probe.expectCall("ping", 1))
                .hasMessageContaining("expected call ping(1)").hasMessageContaining("but received send ping(1)");
    }

    @Test
    void aTimeoutSaysNothingArrived(@Named(".quiet") Probe quiet) {
        assertThat(node.query(".quiet")).isEqualTo(quiet.handle());
        assertThatThrownBy(() -> quiet.expectMessage(Duration.ofMillis(50)))
                .hasMessageContaining("probe .quiet").hasMessageContaining("nothing arrived");
    }

    @Test
    void expectNoMessageFailsOnAnyMessage(Probe probe) {
        node.foreign().send(probe.handle(), "surprise", 1L);
        assertThatThrownBy(() -> probe.expectNoMessage(Duration.ofSeconds(2))).hasMessageContaining("surprise(1)");
    }

    @Test
    void fishForSkipsUntilAMatchAndListsTheSkippedOnFailure(Probe probe) {
        pinger(probe, 5);
        Received done = probe.fishFor(Duration.ofSeconds(3), m -> m.command().equals("done"));
        assertThat(done.args()).isEqualTo(List.of(5L));
        assertThatThrownBy(() -> probe.fishFor(Duration.ofMillis(100), m -> m.command().equals("never")))
                .hasMessageContaining("answered");
    }

    @Test
    void awaitAssertRetriesAndWithinBoundsABlock(Probe probe) {
        pinger(probe, 3);
        probe.awaitAssert(Duration.ofSeconds(3), () -> assertThat(probe.received()).hasSize(5));
        assertThat(probe.within(Duration.ofSeconds(3), () -> node.foreign().call(probe.handle(), "x"))).isEmpty();
        assertThatThrownBy(() -> probe.within(Duration.ZERO, () -> node.foreign().call(probe.handle(), "y")))
                .hasMessageContaining("more than");
    }

    @Test
    void waitsAreDilatedByTheTimeFactor() {
        assertThat(Waits.dilated(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
    }
}
