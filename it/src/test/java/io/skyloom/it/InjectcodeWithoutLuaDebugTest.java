package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import org.junit.jupiter.api.Test;

/** Interpreted with luaDebug off no call frames are kept: skynet.injectcode says so instead of guessing. */
@SkyloomTest(config = "src/test/resources/lua/no_debug.config", luajc = false)   // compiled code has no frames either way
class InjectcodeWithoutLuaDebugTest {

    @Inject Skyloom node;

    @Test
    void injectcodeNamesTheMissingLuaDebugAndTheServiceGoesOn() {
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local injectcode = require "skynet.injectcode"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("try", function()
                    local x = 1
                    local ok, err = pcall(injectcode, "x = 2")
                    return ok, err, x
                end)
                foreign.dispatch("ping", function() return "pong" end)
                skynet.start(function() end)
                """);
        Object[] r = node.foreign().call(lua, "try");
        assertThat(r[0]).isEqualTo(false);
        assertThat((String) r[1]).contains("getinfo: the frames of a running function are kept only with luaDebug on");
        assertThat(r[2]).isEqualTo(1L);
        assertThat(node.foreign().call(lua, "ping")).containsExactly("pong");
    }
}
