package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.Named;
import io.skyloom.junit.SkyloomTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * skynet.multicast, skynet.datacenter, skynet.sharedata, skynet.sharetable and
 * skynet.coroutine between real Lua services: ordering, blocking, services that die.
 */
@SkyloomTest(servicePath = "src/test/resources/lua", services = "shared_modules")
class SharedModulesTest {

    @Inject Skyloom node;
    @Named("shared_modules") int driver;

    Object[] cmd(Object... args) {
        return node.foreign().call(driver, "cmd", args);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    // ---- multicast

    @Test
    void everySubscriberGetsEveryPublishersMessagesInOrderFromThePublisher() {
        Map<String, Object> r = map(cmd("mc_order")[0]);
        assertThat(r.get("arrived")).isEqualTo(true);
        for (String sub : List.of("a", "b"))
            assertThat(map(r.get(sub))).containsEntry("in_order", true).containsEntry("sources", true);
    }

    @Test
    void aSubscriberThatDiesIsDroppedAndTheOthersGoOn() {
        // ok, what the live one got, then the channel's (subscribers, nodes) before and after
        assertThat(cmd("mc_subscriber_dies")).containsExactly(true, 5L, 2L, 0L, 1L, 0L);
    }

    @Test
    void aChannelOutlivesTheServiceThatMadeIt() {
        Object[] r = cmd("mc_owner_dies");
        assertThat(((Number) r[0]).longValue()).isPositive();
        assertThat(r[1]).isEqualTo(1L);
    }

    @Test
    void anUnsubscribedServiceGetsNothingMore() {
        assertThat(cmd("mc_unsubscribe")).containsExactly(3L, 3L);
    }

    @Test
    void aDeletedChannelDropsWhatIsPublishedAndItsObjectRefusesToPublish() {
        Object[] r = cmd("mc_delete");
        assertThat(r[0]).isEqualTo(0L);
        assertThat(r[1]).isEqualTo(false);
        assertThat((String) r[2]).contains("the channel was deleted");
    }

    @Test
    void multicastNamesBadArguments() {
        Object[] r = cmd("mc_bad");
        assertThat(r[0]).isEqualTo(false);
        assertThat((String) r[1]).contains("bad argument #1 to 'new'");
        assertThat(r[2]).isEqualTo(false);
        assertThat((String) r[3]).contains("subscribe needs a dispatch function");
    }

    // ---- datacenter

    @Test
    void datacenterSetsAndGetsPathsSetReturnsTheOldValueAndNeedsAValue() {
        Object[] r = cmd("dc_basic");
        assertThat(r).startsWith(null, 1L, 5L, 5L, null, null, 2L, false);
        assertThat((String) r[8]).contains("datacenter.set needs a key and a value");
    }

    @Test
    void setThroughAKeyThatHoldsAValueFailsAsInSkynetAndChangesNothing() {
        Object[] r = cmd("dc_scalar_on_the_path");
        assertThat(r[0]).isEqualTo(false);
        assertThat((String) r[1]).contains("datacenter.set: s holds a number, not a table");
        assertThat(r[2]).isEqualTo(1L);
        assertThat(r[3]).isEqualTo(false);
        assertThat((String) r[4]).contains("datacenter.set: s2.x holds a string, not a table");
        assertThat(r[5]).isEqualTo("leaf");
    }

    @Test
    void waitBlocksUntilSomeoneSetsTheKey() throws Exception {
        int waiter = node.newservice("dc_waiter");
        var waiting = node.foreign().callAsync(waiter, "wait", "k1", "k2");
        assertThat(cmd("dc_waiters", 1L)).containsExactly(true);
        assertThat(waiting).isNotDone();
        assertThat(cmd("dc_set", "k1", "k2", "value")).containsExactly((Object) null);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(new Object[] {"value"});
        assertThat(node.foreign().call(waiter, "wait", "k1", "k2")).containsExactly("value");   // set: at once
    }

    @Test
    void aWaiterThatDiesLeavesSetWorking() {
        assertThat(cmd("dc_waiter_dies")).containsExactly(true, null, 1L);
    }

    @Test
    void aWaiterOnAKeyThatBecomesABranchFailsAsInSkynet() {
        assertThat(cmd("dc_branch")).containsExactly(true, false);
    }

    // ---- sharedata

    @Test
    void sharedDataIsReadOnlyEverywhereAndAnUpdateReachesEveryHeldBox() {
        int reader = node.newservice("shared_reader");
        cmd("sd_new", "cfg", Map.of("version", 1L, "sub", Map.of("value", "a"), "list", List.of(10L, 20L, 30L)));
        node.foreign().call(reader, "sd_hold", "cfg");
        Object[] r = node.foreign().call(reader, "sd_read", "cfg");
        assertThat(r[0]).isEqualTo(1L);
        assertThat(r[1]).isEqualTo("a");
        assertThat(map(r[2])).containsEntry("keys", "list,sub,version").containsEntry("len", 0L);
        assertThat(r[3]).isEqualTo(false);
        assertThat((String) r[4]).contains("read-only");
        assertThat(r[5]).isEqualTo(false);
        assertThat((String) r[6]).contains("read-only");
        assertThat(r[7]).isEqualTo(true);     // t.sub is one table
        assertThat(r[8]).isEqualTo(true);     // query again: the same box

        cmd("sd_update", "cfg", Map.of("version", 2L, "sub", Map.of("value", "b")));
        r = node.foreign().call(reader, "sd_read", "cfg");
        assertThat(r[0]).isEqualTo(2L);
        assertThat(r[1]).as("a sub-table read before the update follows it").isEqualTo("b");
        assertThat(map(r[2])).containsEntry("keys", "sub,version");
    }

    @Test
    void aViewSentOnIsCopiedLikeAnyTable() {
        int reader = node.newservice("shared_reader");
        cmd("sd_new", "sent", Map.of("version", 3L, "sub", Map.of("value", "c")));
        Object[] r = node.foreign().call(reader, "sd_whole", "sent");
        assertThat(map(r[0])).containsEntry("version", 3L).containsEntry("sub", Map.of("value", "c"));
        assertThat(r[1]).isEqualTo("c");
        assertThat(r[2]).isEqualTo(true);
    }

    @Test
    void sharedArraysReadWithLengthAndIpairs() {
        int reader = node.newservice("shared_reader");
        cmd("sd_new", "list", List.of(10L, 20L, 30L));
        node.foreign().call(reader, "sd_hold", "list");
        Object[] r = node.foreign().call(reader, "sd_read", "list");
        assertThat(map(r[2])).containsEntry("keys", "1,2,3").containsEntry("len", 3L).containsEntry("list", List.of(10L, 20L, 30L));
    }

    @Test
    void aServiceReadingSharedDataHoldsNoCopyOfIt() {
        int reader = node.newservice("shared_reader");
        cmd("sd_new_list", "big", 100_000L);
        Object[] r = node.foreign().call(reader, "sd_memory", "big");
        assertThat(r[0]).isEqualTo(100_000L);
        assertThat(((Number) r[1]).doubleValue()).as("KB for holding the view").isLessThan(64);
        assertThat(((Number) r[2]).doubleValue()).as("KB for holding a copy").isGreaterThan(4000);
    }

    @Test
    void sharedDataFromLuaSourceAndDeepcopyGivesAnOrdinaryTable() {
        assertThat(cmd("sd_source")).containsExactly(1L, 3L, 7L, 9L, 2L, 3L, 1L);
    }

    @Test
    void deleteEndsTheNameButABoxKeepsItsData() {
        Object[] r = cmd("sd_delete");
        assertThat(r[0]).isEqualTo(1L);
        assertThat(r[1]).isEqualTo(false);
        assertThat((String) r[2]).contains("tmp");
    }

    @Test
    void sharedataRefusesWhatCannotBeSharedByName() {
        Object[] r = cmd("sd_bad");
        assertThat(r[0]).isEqualTo(false);
        assertThat((String) r[1]).contains("cannot pass a function to another service");
        assertThat(r[2]).isEqualTo(false);
        assertThat((String) r[3]).contains("bad argument #1 to 'query'");
        assertThat(r[4]).isEqualTo(false);
        assertThat((String) r[5]).contains("exists already");
        assertThat(r[6]).isEqualTo(false);
        assertThat((String) r[7]).contains("cycle");
        assertThat(r[8]).isEqualTo(false);
        assertThat((String) r[9]).contains("cannot share a function (at key f)");
    }

    // ---- sharetable

    @Test
    void aSharetableViewStaysOnItsVersionUntilTheServiceUpdates() {
        int reader = node.newservice("shared_reader");
        cmd("st_load", "items", Map.of("version", 1L, "sub", Map.of("value", "a")));
        assertThat(node.foreign().call(reader, "st_hold", "items")).containsExactly(true);
        assertThat(node.foreign().call(reader, "st_read", "items")).containsExactly(1L, "a");
        cmd("st_loadstring", "items", "return { version = 2, sub = { value = 'b' } }");
        assertThat(node.foreign().call(reader, "st_read", "items")).containsExactly(1L, "a");
        node.foreign().call(reader, "st_update", "items");
        assertThat(node.foreign().call(reader, "st_read", "items")).containsExactly(2L, "b");
    }

    @Test
    void sharetableLoadsFilesQueriesAllAndNamesBadArguments() {
        Object[] r = cmd("st_misc", SkynetApiTest.LUA_DIR + "/st_items.lua");
        assertThat(r[0]).isEqualTo(12L);
        assertThat(r[1]).isEqualTo(3L);
        assertThat(r[2]).isEqualTo(true);
        assertThat(r[3]).isEqualTo(12L);
        assertThat(r[4]).isNull();
        assertThat(r[5]).isEqualTo(false);
        assertThat((String) r[6]).contains("bad argument #2 to 'loadtable'");
        assertThat(r[7]).isEqualTo(false);
        assertThat((String) r[8]).contains("must return a table");
    }

    // ---- skynet.coroutine

    @Test
    void skynetCoroutinesCallOtherServicesAndAreBlockedMeanwhile() {
        Map<String, Object> r = map(cmd("co_flow")[0]);
        assertThat(r.get("r1")).isEqualTo(List.of(true, "hi!"));
        assertThat(r.get("st1")).isEqualTo("suspended");
        assertThat(r.get("r2")).isEqualTo(List.of(true, 42L));
        assertThat(r.get("st2")).isEqualTo("dead");
        assertThat(r.get("r3")).isEqualTo(List.of(false, "cannot resume dead coroutine"));
        assertThat(r.get("w")).isEqualTo(List.of(1L, 2L));
        assertThat((String) r.get("werr")).endsWith("inside wrap");
        assertThat(r.get("plain")).isEqualTo(List.of(false, "cannot resume none skynet coroutine"));
        Map<String, Object> seen = map(r.get("seen"));
        assertThat(seen).containsEntry("blocked", "blocked").containsEntry("thread", true);
        assertThat(seen.get("resume_blocked"))
                .isEqualTo(List.of(false, "cannot resume a skynet coroutine suspend by skynet framework"));
        assertThat(r.get("bad_ok")).isEqualTo(false);
        assertThat((String) r.get("bad")).contains("bad argument #1 to 'status'");
        assertThat(r.get("main")).isEqualTo(true);
    }

    // ---- stm and sharemap

    @Test
    void anStmReaderSeesEachNewMessageOnceAndUnpacksItAfresh() {
        Object[] r = cmd("stm_flow");
        assertThat(r[0]).isEqualTo(List.of(true, 1L, 2L, 3L));
        assertThat(r[1]).isEqualTo(List.of(false));
        assertThat(r[2]).isEqualTo(List.of(true, "hello", 4L));
        assertThat(r[3]).isEqualTo(List.of(true, "raw", 3L));
        assertThat(r[4]).isEqualTo(false);
        assertThat((String) r[5]).contains("bad argument #1 to 'new'");
    }

    @Test
    void aSharemapReaderTakesTheWritersCommitsWhenItUpdates() {
        Object[] r = cmd("sharemap_flow");
        assertThat(r[0]).isEqualTo("ann");
        assertThat(r[1]).isEqualTo(1L);
        assertThat(((List<?>) r[2]).subList(0, 4)).isEqualTo(List.of(true, "ann", 5L, false));
        assertThat((String) ((List<?>) r[2]).get(4)).contains("read-only");
        assertThat(r[3]).isEqualTo(false);
        assertThat(r[4]).isEqualTo(false);
        assertThat((String) r[5]).contains("no sproto type NoSuchType");
    }
}
