package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.Named;
import io.skyloom.junit.SkyloomTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * skynet's service-definition modules in real Lua services: skynet.service, skynet.snax
 * (with snaxd, hotfix and the unique/global manager), skynet.mqueue, skynet.require,
 * skynet.profile and skynet.inject. The Lua driver (svc_modules.lua) does the work and
 * returns what it saw; each test checks that.
 */
@SkyloomTest(servicePath = "src/test/resources/lua", services = "svc_modules")
class SkynetServiceModulesTest {

    @Inject Skyloom node;
    @Named("svc_modules") int driver;

    Object[] call(String cmd) {
        return node.foreign().call(driver, cmd);
    }

    @Test
    void serviceNewStartsAnInlineServiceOncePerNameAndCloseEndsIt() {
        assertThat(call("service_new_query_close"))
                .containsExactly(15L, "service_cell", true, true, true, true, true, false, true, 1001L);
    }

    @Test
    void serviceQueryWaitsUntilSomeoneStartsTheService() {
        assertThat(call("service_query_waits_for_new")).containsExactly(true, true, true);
    }

    @Test
    void serviceNewRefusesUpvaluesAndBadArgumentsAndReportsAFailingMain() {
        Object[] r = call("service_bad_arguments");
        assertThat((String) r[0]).contains("service.new: the function may use no upvalue but _ENV").contains("'x'");
        assertThat((String) r[1]).contains("bad argument #2 to 'service.new' (function expected, got number)");
        assertThat((String) r[2]).contains("bad argument #1 to 'service.new' (string expected, got number)");
        assertThat((String) r[3]).contains("boom in main");
        assertThat((String) r[4]).contains("boom in main");   // the failed boot is remembered, as skynet's provider does
    }

    @Test
    void snaxPostsToAcceptRequestsResponseProfilesAndKills() {
        Object[] r = call("snax_post_req_profile");
        assertThat(r[0]).isEqualTo(12L);
        assertThat(r).containsSubsequence("snax_counter", "snax_counter", true, 2L, 1L, "number");
        assertThat((String) r[7]).contains("request snax_counter:nope no exist");
        assertThat((String) r[8]).contains("post snax_counter:nope no exist");
        assertThat((String) r[9]).contains("counter failed");
        assertThat(r[10]).isEqualTo("killed");
        assertThat(r[11]).isEqualTo(true);
        assertThat(r[12]).isEqualTo(true);
        assertThat(r[13]).isEqualTo(true);   // require "snax" is skynet.snax, as skynet's compat name
    }

    @Test
    void snaxHotfixReplacesAMethodKeepingItsUpvaluesAndABadPatchChangesNothing() {
        Object[] r = call("snax_hotfix");
        assertThat(r[0]).isEqualTo("patched");
        assertThat(r[1]).isEqualTo("arg");
        assertThat(r[2]).isEqualTo(700L);
        assertThat(r[3]).isEqualTo(800L);
        assertThat((String) r[4]).contains("Patch mismatch response.nothere");
        assertThat((String) r[5]).contains("patch");
        assertThat(r[6]).isEqualTo(800L);
    }

    @Test
    void snaxUniqueAndGlobalServicesAreOnePerNameAndExitFromInsideEndsOne() {
        Object[] r = call("snax_unique_global_query_exit");
        assertThat(List.of(r).subList(0, 6)).containsExactly(true, true, true, true, 1L, 3L);
        assertThat((String) r[6]).contains("no_such_snax");
        assertThat(r[7]).isEqualTo(true);
        assertThat(r[8]).isEqualTo("quit");
    }

    @Test
    void mqueueHandlesQueuedMessagesOneAtATimeInOrder() {
        Object[] r = call("mqueue");
        assertThat(r[0]).isEqualTo(3L);
        assertThat(r[1]).isEqualTo(false);
        assertThat((String) r[2]).contains("queued boom");
        assertThat(r[3]).isEqualTo(List.of(1L, 2L, 3L));
        assertThat(r[4]).isEqualTo(1L);
    }

    @Test
    void requireInTheMainChunkDefersInitUntilStart() {
        assertThat(call("require_log")).containsExactly(List.of("a.main", "a.init", "start"));
    }

    @Test
    void skynetRequireDuringAMessageRunsInitBeforeReturningAndRequireDuringInitWorks() {
        Object[] r = call("require_during_message");
        assertThat(r[0]).isEqualTo(List.of("b.main", "b.init", "c.main", "c.init", "b.init got c", "returned b"));
        assertThat(r[1]).isEqualTo(true);
        assertThat(r[2]).isEqualTo(true);
    }

    @Test
    void twoTasksRequiringOneModuleAtOnceLoadItOnce() {
        Object[] r = call("require_at_once");
        assertThat(r[0]).isEqualTo(1L);
        assertThat(r[1]).isEqualTo(true);
        assertThat((String) r[2]).contains("req_none");
    }

    @Test
    void profileCountsOnlyTheTimeACoroutineRuns() {
        Object[] r = call("profile");
        assertThat(List.of(r).subList(0, 5)).containsExactly(true, true, true, true, true);
        assertThat((String) r[5]).contains("Call profile.start() before profile.stop()");
        assertThat((String) r[6]).contains("start profile more than once");
        assertThat((String) r[7]).contains("bad argument #1 to 'start' (thread expected, got number)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void profileLeavesOutTheTimeACoroutineIsSuspendedWhenSkynetCoroutineLoadedFirst() {
        // each coroutine is suspended 200 ms between two short runs; the runs are what counts
        List<Object> seconds = (List<Object>) call("profile_after_coroutine")[0];
        assertThat(seconds).hasSize(5);
        for (Object t : seconds) assertThat(((Number) t).doubleValue()).isGreaterThan(0).isLessThan(0.15);
    }

    @Test
    void injectRunsCodeInTheTargetsOwnSandboxReachingItsCommandTable() {
        Object[] r = call("inject");
        assertThat(r[0]).isEqualTo("original");
        assertThat(r[1]).isEqualTo(true);
        assertThat(r[2]).isEqualTo("replaced\tnil\tnil");
        assertThat(r[3]).isEqualTo("injected arg1");
        assertThat(r[4]).isEqualTo(false);
        assertThat((String) r[5]).contains("inside the injection");
        assertThat(r[6]).isEqualTo(false);
        assertThat((String) r[7]).isNotEmpty();
    }

    @Test
    void theUpvalueFunctionsBehindHotfixAndInjectNameTheirBadArguments() {
        Object[] r = call("code_bad_arguments");
        assertThat((String) r[0]).contains("bad argument #1 to 'getupvalue' (function expected, got number)");
        assertThat((String) r[1]).contains("bad argument #2 to 'upvaluejoin' (invalid upvalue index)");
        assertThat((String) r[2]).contains("bad argument #1 to 'load' (function code expected, got string)");
        assertThat(r[3]).isEqualTo(0L);
        assertThat(List.of(r).subList(4, 7)).containsExactly("up", 1L, true);
    }

    /** Whether this suite's Lua is interpreted (SkynetServiceModulesInterpretedTest): injectcode needs that. */
    boolean interpreted() {
        return false;
    }

    @Test
    void injectcodeRunsCodeInsideARunningFunctionSeeingAndChangingItsLocalsWhenInterpreted() {
        Object[] r = call("injectcode");
        if (!interpreted()) {   // compiled frames keep their locals out of reach
            assertThat(r[0]).isEqualTo(5L);             // the local is left as it was
            assertThat(r[1]).isEqualTo(false);
            assertThat((String) r[2]).contains("injectcode cannot reach the frame");
            return;
        }
        assertThat(List.of(r).subList(0, 10)).containsExactly(6L, true, 12L, true, 70L, 70L, true, 6L, false, "Invalid level");
        assertThat(r[10]).isEqualTo(false);
        assertThat((String) r[11]).contains("in injected code");
        assertThat(r[12]).isEqualTo(false);
        assertThat((String) r[13]).isNotEmpty();
        assertThat(r[14]).isEqualTo("up");   // the function's upvalues are in reach too
    }
}
