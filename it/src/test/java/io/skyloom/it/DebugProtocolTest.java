package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.Named;
import io.skyloom.junit.SkyloomTest;
import org.junit.jupiter.api.Test;

/**
 * skynet's "debug" protocol, which every Lua service answers: debug_probe.lua asks
 * debug_target.lua each command over real calls and returns what came back.
 */
@SkyloomTest(servicePath = "src/test/resources/lua", services = "debug_probe")
class DebugProtocolTest {

    @Inject Skyloom node;
    @Named("debug_probe") int probe;

    Object[] call(String cmd) {
        return node.foreign().call(probe, cmd);
    }

    @Test
    void memStatInfoPingAndSupportAnswerAsSkynetsDo() {
        assertThat(call("mem_stat_info_ping_support"))
                .containsExactly("number", true, 0L, true, "target info now, n = 1", 0L, true, false);
    }

    @Test
    void runExecutesAChunkInTheTargetReadingItsGlobalsAndPrintsAsTheAnswerInsideItsSandbox() {
        Object[] r = call("run_in_the_target");
        assertThat(r[0]).isEqualTo(true);
        assertThat(r[1]).isEqualTo("n\t10\narg1\t2");
        assertThat(r[2]).isEqualTo(11L);                      // the chunk changed the service's own state
        assertThat(r[3]).isEqualTo(false);
        assertThat((String) r[4]).contains("boom.lua:1: boom").contains("stack traceback");
        assertThat(r[5]).isEqualTo(false);
        assertThat((String) r[6]).contains("bad.lua:1:").contains("near '='");
        assertThat(r[7]).isEqualTo(true);
        assertThat(r[8]).isEqualTo("nil\tnil\tnil\ttrue");   // no os.execute, luajava or popen there either
        assertThat(r[9]).isNull();                            // a global it set is its own, as in skynet
        assertThat(r[10]).isEqualTo(true);
        assertThat(r[11]).isEqualTo("1\ttable");             // _P and _U reach the dispatch's upvalues
    }

    @Test
    void taskListsTheParkedTasksWithTheirTracebacks() {
        Object[] r = call("task_shows_parked_tasks");
        assertThat(r[0]).isEqualTo(true);
        assertThat(r[1]).isEqualTo(1L);
        assertThat((String) r[2]).startsWith("thread").contains("stack traceback").contains("debug_target.lua:");
    }

    @Test
    void termFailsTheCallsWaitingOnAServiceThatIsStillAlive() {
        Object[] r = call("term_fails_the_calls_waiting_on_a_service");
        assertThat(r[0]).isEqualTo(false);
        assertThat((String) r[1]).contains("(skynet.term)");
        assertThat(r[2]).isEqualTo(true);
    }

    @Test
    void linkWaitsUntilTheTargetExitsAndExitEndsIt() {
        Object[] r = call("link_returns_when_the_target_exits_and_exit_ends_it");
        assertThat(r[0]).isEqualTo(true);
        assertThat(r[1]).isEqualTo(false);
        assertThat(r[3]).isEqualTo(true);
    }

    @Test
    void tracelogTracesEachMessageOfTheProtocolAsTraceprotoAndBadCommandsAreErrorsThatLeaveTheServiceRunning() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Object[] r = call("tracelog_and_unknown_commands");
            assertThat(r[0]).isEqualTo(1L);
            assertThat(log.awaitContains("Turn trace log true for lua")).isTrue();
            assertThat(log.awaitContains(" trace\n")).isTrue();
            assertThat(r[1]).isEqualTo(false);
            assertThat((String) r[2]).contains("unknown debug command NOSUCH");
            assertThat(r[3]).isEqualTo(false);
            assertThat((String) r[4]).contains("TRACELOG: unknown protocol nope");
            assertThat(r[5]).isEqualTo(4L);
            // skynet.traceproto's way: each traced message starts a trace in the target (a tag
            // ":target-n" and "trace"), and ends it; the first hit and the one after the
            // dispatch was replaced are traced, not the one after "off"
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("<TRACE :[0-9a-f]{8}-\\d+> \\d+ trace\n").matcher(log.text());
            int traces = 0;
            while (m.find()) traces++;
            assertThat(traces).isEqualTo(2);
            assertThat(log.text()).contains(" end\n");
        }
    }

    @Test
    void theNodeListsItsServicesWithWhatTheyWereStartedAs() {
        int target = ((Number) call("target")[0]).intValue();
        assertThat(node.node().services()).containsEntry(probe, "debug_probe").containsEntry(target, "debug_target");
    }
}
