package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.ForeignService;
import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.Named;
import io.skyloom.junit.SkyloomTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** skynet's Lua API with skynet's semantics, and the sandbox around it. A subclass runs the same suite on another node. */
@SkyloomTest(servicePath = "src/test/resources/lua", services = "skynet_api")
class SkynetApiTest {

    static final String LUA_DIR = Path.of("src/test/resources/lua").toAbsolutePath().toString();

    @Inject Skyloom node;
    @Named("skynet_api") int api;

    Object[] call(String cmd) {
        return node.foreign().call(api, cmd);
    }

    @Test
    void sleepParksForTicksAndTheClocksRead() {
        assertThat(call("sleep_and_now")).containsExactly(true, "number", true, true);
    }

    @Test
    void forkRunsWithItsArgumentsAndWakeupEndsAWait() {
        assertThat(call("fork_wait_wakeup")).containsExactly(List.of("fork xy", "woken"));
    }

    @Test
    void forkAndTimeoutReturnTheNewTasksCoroutineWhichWakeupTakes() {
        assertThat(call("fork_returns_its_coroutine")).containsExactly(List.of("thread", true, "BREAK", true, "thread"));
    }

    @Test
    void oneTokenTakesOneWaiterAndOneWakeup() {
        Object[] r = call("two_waits_on_one_coroutine");
        assertThat(r[0]).isEqualTo(false);
        assertThat((String) r[1]).contains("already waits");
        assertThat(r).endsWith(true, false);
    }

    @Test
    void responseTestTellsWhetherTheCallerIsAliveWithoutAnswering() {
        assertThat(call("response_test_tells_whether_the_caller_lives")).containsExactly(true, false, false);
    }

    @Test
    void aResponseAnswersOnceAndASecondUseRaises() throws Exception {
        assertThat(call("response_twice")).containsExactly("first");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (node.getenv("response_twice") == null && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat((String) node.getenv("response_twice")).startsWith("false").contains("already answered");
    }

    @Test
    void wakeupBreaksASleep() {
        assertThat(call("sleep_break")).containsExactly("BREAK");
    }

    @Test
    void aHandlerThatNeverAnswersLeavesNoCallerHangingWhenItsServiceExits() throws Exception {
        var hanging = node.foreign().callAsync(api, "never_answers");
        assertThat(call("exit_later")).isNotNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> hanging.get(5, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(io.skyloom.core.ServiceDeadException.class);
    }

    @Test
    void aUserCoroutineMayCallOtherServicesWhileTheServiceServesOthers() throws Exception {
        List<Thread> others = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) others.add(Thread.ofVirtual().start(() -> call("pack")));
        assertThat(call("coroutine_calls")).containsExactly(List.of(10L, 20L, 30L));
        for (Thread t : others) assertThat(t.join(java.time.Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void rawMessagesAndProtocolsOfOnesOwn() {
        assertThat(call("raw_and_custom_protocol")).containsExactly("raw", true, false);
    }

    @Test
    void timeoutRunsItsFunctionLater() {
        assertThat(call("timeout")).containsExactly(true);
    }

    @Test
    void aCallToADeadServiceRaisesAtOnce() {
        Object[] r = call("call_dead");
        assertThat(r[0]).isEqualTo(false);
        // "no service :0000000b" or, if the kill lands after the call was queued,
        // "service :0000000b ... exited before answering": either way at once, naming it.
        assertThat((String) r[1]).containsPattern("service :[0-9a-f]{8}");
        assertThat(r[2]).isEqualTo(true);
    }

    @Test
    void namesRegisterAndResolve() {
        Object[] r = call("names");
        assertThat(r[0]).isEqualTo(true);
        assertThat(r[1]).isEqualTo("via name");
        assertThat(r[2]).isNull();
        assertThat((String) r[3]).matches(":[0-9a-f]{8}");
    }

    @Test
    void envKeysAreSetOnce() {
        Object[] r = call("env");
        assertThat(r[0]).isEqualTo("v1");
        assertThat(r[1]).isEqualTo(false);
        assertThat((String) r[2]).contains("api_key");
        assertThat(node.getenv("api_key")).isEqualTo("v1");
    }

    @Test
    void newserviceOfAMissingFileNamesIt() {
        Object[] r = call("missing_service");
        assertThat(r[0]).isEqualTo(false);
        assertThat((String) r[1]).contains("does_not_exist").contains(LUA_DIR);
    }

    @Test
    void aTaskWaitingForAUniqueStartUnderWayLetsItsServiceServe() {
        assertThat(node.foreign().call(Duration.ofSeconds(10), api, "unique_while_starting")).containsExactly(true, "pong");
    }

    @Test
    void uniqueserviceStartsOneService() {
        assertThat(call("unique")).containsExactly(true, true, true);
    }

    @Test
    void aQueueLetsOneTaskInAtATimeEvenAcrossBlockingCalls() {
        assertThat(call("critical_section")).containsExactly(1L);
    }

    @Test
    void packAndUnpackCopyValues() {
        assertThat(call("pack")).containsExactly(1L, "two", 3L, "text");
    }

    @Test
    void theSandboxHoldsEveryDoorShut() {
        int sandbox = node.newservice("sandbox");
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) node.foreign().call(sandbox, "probe")[0];
        assertThat(r).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(true));
        assertThat(r).containsKeys("luajava", "require_java", "os_execute", "io_open", "io_own_write_kept", "string_meta", "binary_load");
    }

    @Test
    void anInfiniteLoopHoldsOneWorkerAndTheOthersGoOn() {
        int spin = node.newservice("spin");
        node.foreign().send(spin, "spin");
        // With thread = 2, one worker spins forever; everything else still runs on the other.
        int echo = node.newservice("echo2", ForeignService.of(Map.of("echo", args -> args)));
        for (int i = 0; i < 100; i++) assertThat(node.foreign().call(echo, "echo", (long) i)).containsExactly((long) i);
        assertThat(call("pack")).containsExactly(1L, "two", 3L, "text");
    }

    @Test
    void killStopsAServiceEvenInAnEndlessLoopAndItsCallerGetsAnError() throws Exception {
        int spin = node.newservice("spin");
        var pending = node.foreign().callAsync(spin, "spin");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (node.getenv("spinning") == null && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(node.getenv("spinning")).as("the handler loops").isEqualTo(true);
        var exited = node.whenExited(spin);
        node.kill(spin);
        assertThat(exited.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("killed");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pending.get(5, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(io.skyloom.core.SkyloomException.class);
        assertThat(node.alive(spin)).isFalse();
    }

    @Test
    void errorsCaughtInLuaCarryFileAndLine() {
        Object[] r = node.foreign().call(api, "pcall_positions");
        assertThat((String) r[0]).matches(".*skynet_api\\.lua:\\d+: boom");
        assertThat((String) r[1]).matches(".*skynet_api\\.lua:\\d+: attempt to index .*");
        assertThat((String) r[2]).matches("h:.*skynet_api\\.lua:\\d+: handled");
        assertThat(r[3]).isEqualTo("bare");
    }
}
