package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import org.junit.jupiter.api.Test;

/** What a service copied from skynet meets on its first lines. */
@SkyloomTest(servicePath = "src/test/resources/lua")
class SkynetPortingTest {

    @Inject Skyloom node;

    @Test
    void serviceNameIsSetSoAServiceCanStartACopyOfItself() {
        int parent = node.newservice("self_launch");
        assertThat(node.foreign().call(parent, "who")).containsExactly("self_launch", "parent");
        assertThat(node.foreign().call(parent, "child")).containsExactly("self_launch", "child");
    }

    @Test
    void newserviceDropsTrailingNilsAndNamesANilBetweenArguments() {
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("go", function()
                    local child = skynet.newservice("self_launch", "child", nil)
                    local who = { foreign.call(child, "who") }
                    local ok, err = pcall(skynet.newservice, "self_launch", nil, "x")
                    return who[2], ok, err
                end)
                skynet.start(function() end)
                """);
        Object[] r = node.foreign().call(lua, "go");
        assertThat(r[0]).isEqualTo("child");
        assertThat(r[1]).isEqualTo(false);
        assertThat((String) r[2]).contains("bad argument #2 to 'newservice'").contains("nil").doesNotContain("java");
    }

    @Test
    void aSkynetModuleSkyloomLacksIsNamedAsSuchNotAsATypo() {
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("try", function(m)
                    local ok, err = pcall(require, m)
                    return ok, err
                end)
                skynet.start(function() end)
                """);
        Object[] r = node.foreign().call(lua, "try", "skynet.db.mongo");
        assertThat(r[0]).isEqualTo(false);
        assertThat((String) r[1]).contains("module 'skynet.db.mongo' is part of skynet, but Skyloom does not provide it")
                .doesNotContain("no file");
        Object[] typo = node.foreign().call(lua, "try", "skynet.multicats");
        assertThat((String) typo[1]).contains("no file");
    }

    @Test
    void queryserviceWaitsUntilSomeoneStartsTheUniqueServiceAndCloseEndsTheWait() throws Exception {
        var query = java.util.concurrent.CompletableFuture.supplyAsync(() -> node.queryservice("self_launch"),
                r -> Thread.ofVirtual().start(r));
        var never = java.util.concurrent.CompletableFuture.supplyAsync(() -> node.queryservice("nobody_starts_this"),
                r -> Thread.ofVirtual().start(r));
        assertThat(query).isNotDone();
        int h = node.uniqueservice("self_launch");
        assertThat(query.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(h);
        assertThat(never).isNotDone();
        node.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> never.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(io.skyloom.core.NodeClosedException.class);
    }
}
