package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.core.NodeConfig;
import io.skyloom.foreign.Skyloom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** numsky inside real services: its limits are Lua errors, and kill reaches into its loops. */
class NumskyInServicesTest {

    @Test
    void anArrayTooBigIsAnErrorPcallCatchesAndTheServiceGoesOn() {
        try (Skyloom node = Skyloom.start(NodeConfig.builder().thread(2).build())) {
            int lua = node.scriptservice("""
                    local skynet = require "skynet"
                    local foreign = require "pyskynet.foreign"
                    local ns = require "numsky"
                    foreign.dispatch("huge", function()
                        local ok, err = pcall(ns.zeros, { 1e10 })
                        return ok, err, ns.sum(ns.ones({ 3 }))
                    end)
                    skynet.start(function() end)
                    """);
            Object[] r = node.foreign().call(lua, "huge");
            assertThat(r[0]).isEqualTo(false);
            assertThat((String) r[1]).contains("zeros").doesNotContain("java").doesNotContain("heap");
            assertThat(r[2]).isEqualTo(3L);
        }
    }

    @Test
    void killStopsAServiceBusyInNumskyLoopsEvenWithoutLuaCallFrames() throws Exception {
        // Without the debug library an interpreted loop has no stop check of its own:
        // only numsky's poll can end this service.
        try (Skyloom node = Skyloom.start(NodeConfig.builder().thread(2).luaDebug(false).build())) {
            int lua = node.scriptservice("""
                    local skynet = require "skynet"
                    local foreign = require "pyskynet.foreign"
                    local ns = require "numsky"
                    local a = ns.ones({ 1000000 })
                    foreign.dispatch("spin", function()
                        while true do ns.sum(a) end
                    end)
                    skynet.start(function() end)
                    """);
            var spinning = node.foreign().callAsync(lua, "spin");
            assertThat(spinning).isNotDone();
            var exited = node.whenExited(lua);
            node.kill(lua);
            assertThat(exited.get(10, TimeUnit.SECONDS)).isEqualTo("killed");
            int echo = node.scriptservice("""
                    local skynet = require "skynet"
                    local foreign = require "pyskynet.foreign"
                    foreign.dispatch("echo", function(x) return x end)
                    skynet.start(function() end)
                    """);
            assertThat(node.foreign().call(echo, "echo", "alive")).containsExactly("alive");
        }
    }
}
