package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.core.CallFailedException;
import io.skyloom.core.ServiceDeadException;
import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.Named;
import io.skyloom.junit.SkyloomTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** skynet's API for a service's own tasks and messages, run by a Lua service on a real node. */
@SkyloomTest(servicePath = "src/test/resources/lua", services = "skynet_tasks")
class SkynetTasksTest {

    @Inject Skyloom node;
    @Named("skynet_tasks") int svc;

    Object[] cmd(Object... args) {
        return node.foreign().call(svc, "cmd", args);
    }

    @Test
    void mqlenCountsTheMessagesWaitingInTheMailbox() {
        assertThat(cmd("mqlen")).containsExactly(0L, 3L, 3L, 0L);
    }

    @Test
    void statCpuIsZeroAsSkynetsWithProfileOffAndAnUnknownStatIsAnError() {
        Object[] r = cmd("stat_cpu");
        assertThat(r[0]).isEqualTo(0L);
        assertThat(r[1]).isEqualTo(false);
        assertThat((String) r[2]).contains("bad argument #1 to 'stat'").contains("nonsense");
    }

    @Test
    void taskCountsParkedTasksAndGivesTheirTracebacks() {
        Object[] r = cmd("task_tracebacks");
        assertThat(r).as(java.util.Arrays.toString(r)).hasSize(11);
        assertThat(r[0]).as(java.util.Arrays.toString(r)).isEqualTo(2L);   // two forks asleep (this handler runs)
        assertThat(r[1]).isEqualTo(2L);
        assertThat(r[2]).isEqualTo(2L);                 // each traceback names the function asleep
        assertThat(r[4]).isEqualTo(true);
        assertThat(r[3]).isEqualTo("number");
        assertThat(r[5]).isEqualTo("No session");
        assertThat(r[6]).isEqualTo(1L);                 // uniqtask: one stack, twice
        assertThat(r[7]).isEqualTo(1L);
        assertThat(r[8]).isEqualTo(0L);                 // woken, they ended
        assertThat(r[9]).isEqualTo(false);
        assertThat((String) r[10]).contains("bad argument #1 to 'task'");
    }

    @Test
    void traceTimeoutShowsWhereATimeoutNotYetRunWasMade() {
        assertThat(cmd("trace_timeout")).containsExactly(true, 1L, 0L);
    }

    @Test
    void killthreadEndsATaskParkedInACallAndPcallCannotKeepItRunning() {
        Object[] r = cmd("killthread_call");
        assertThat(r[0]).isEqualTo(true);
        assertThat(r[1]).isEqualTo(true);
        assertThat(r[2]).isEqualTo(List.of("calling"));
        assertThat(r).hasSize(3);                        // task(co) of a killed task: nothing
    }

    @Test
    void killthreadStopsAForkOrATimeoutBeforeItRuns() {
        assertThat(cmd("killthread_before_it_runs")).containsExactly(true, 0L, null);   // killed already: nil
    }

    @Test
    void killthreadFindsATaskByNameAndRefusesBadArguments() {
        Object[] r = cmd("killthread_by_name");
        assertThat(r[0]).isEqualTo(true);
        assertThat(r[1]).isEqualTo(0L);
        assertThat(r[2]).isEqualTo(false);
        assertThat((String) r[3]).contains("bad argument #1 to 'killthread'");
        assertThat(r[4]).isEqualTo(false);
        assertThat((String) r[5]).contains("cannot kill itself");
    }

    @Test
    void aRequestWhoseTaskIsKilledFailsItsCaller() throws Exception {
        var parked = node.foreign().callAsync(svc, "cmd", "request_parked");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        boolean killed = false;
        while (!killed && System.nanoTime() < deadline) killed = (Boolean) cmd("kill_request_task")[0];
        assertThat(killed).isTrue();
        assertThatThrownBy(() -> parked.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(CallFailedException.class).hasMessageContaining("killthread");
        assertThat(cmd("mqlen")[1]).isEqualTo(3L);      // the service goes on
    }

    @Test
    void termFailsTheCallsWaitingOnAServiceAsIfItHadDied() {
        Object[] r = cmd("term");
        assertThat(r[0]).isEqualTo(false);
        assertThat((String) r[1]).contains("skynet.term");
    }

    @Test
    void redirectDeliversAMessageAsIfFromAnotherSource() {
        int pretend = node.newservice("echo");
        Object[] r = cmd("redirect", (long) pretend);
        assertThat(r[0]).isEqualTo("redirected");
        assertThat(((Number) r[1]).intValue()).isEqualTo(pretend);
        assertThat(r[2]).isEqualTo(List.of(1L, 2L));
        assertThat(r[3]).isEqualTo(false);
        assertThat((String) r[4]).contains("cannot be sent");
    }

    @Test
    void ignoreretLeavesTheCallerWaitingUntilTheServiceExits() throws Exception {
        var ignored = node.foreign().callAsync(svc, "cmd", "ignoreret");
        assertThat(cmd("genid_context")[0]).isEqualTo(true);   // served after it, and still no answer
        assertThat(ignored).isNotDone();
        node.kill(svc);
        assertThatThrownBy(() -> ignored.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ServiceDeadException.class);
    }

    @Test
    void genidGivesNewNumbersAndContextNamesTheRequest() {
        Object[] r = cmd("genid_context");
        assertThat(r[0]).isEqualTo(true);
        assertThat(r[1]).isEqualTo("number");
        assertThat(r[2]).isEqualTo(true);
        assertThat((String) r[3]).startsWith(":");
        assertThat(r[4]).isEqualTo(0L);                  // a fork has no request
    }

    @Test
    @SuppressWarnings("unchecked")
    void anUnknownProtocolGoesToDispatchUnknownRequest() throws Exception {
        assertThat(cmd("unknown_request")).containsExactly("function", "function");
        node.node().send(svc, 40, "hello");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<?> seen = List.of();
        while (seen.isEmpty() && System.nanoTime() < deadline) seen = (List<?>) cmd("unknown_seen")[0];
        assertThat(seen).hasSize(1);
        assertThat((Map<Object, Object>) seen.get(0)).containsEntry("prototype", 40L).containsEntry("value", "hello");
    }

    @Test
    void traceTagsATaskAndTheRequestsItMakes() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Object[] r = cmd("trace");
            String tag = (String) r[0];
            assertThat(tag).matches(":[0-9a-f]{8}-\\d+");
            assertThat(r[1]).isEqualTo("answered traced");
            assertThat(log.awaitContains("<TRACE " + tag + ">")).isTrue();
            assertThat(log.awaitContains("trace from test")).isTrue();
            assertThat(log.awaitContains(" request")).isTrue();
            assertThat(log.awaitContains("custom line")).isTrue();
            assertThat(log.text().lines().filter(l -> l.contains("(tasks_peer)") && l.contains("<TRACE " + tag + ">")))
                    .as("the callee's task carries the caller's tag").isNotEmpty();
        }
    }

    @Test
    void harborPcallInitServiceAndServicePathAreThere() {
        Object[] r = cmd("misc");
        assertThat(r).startsWith(0L, false, true, "function", null);   // task("init"): start has returned
        assertThat((String) r[5]).as("SERVICE_PATH: the service's folder").endsWith("/lua/")
                .startsWith(SkynetApiTest.LUA_DIR.substring(0, SkynetApiTest.LUA_DIR.indexOf("/src/")));
    }
}
