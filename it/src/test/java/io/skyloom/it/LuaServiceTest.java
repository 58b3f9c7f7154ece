package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.core.CallFailedException;
import io.skyloom.core.SkyloomException;
import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lua services on a real node, called from Java and from each other. */
@SkyloomTest(servicePath = "src/test/resources/lua")
class LuaServiceTest {

    static final String LUA_DIR = Path.of("src/test/resources/lua").toAbsolutePath().toString();

    @Inject Skyloom node;

    @Test
    void javaCallsALuaServiceAsInPyskynetsFirstQuickStart() {
        int lua = node.scriptservice("""
                local pyskynet = require "pyskynet"
                local foreign = require "pyskynet.foreign"
                pyskynet.start(function()
                    foreign.dispatch("echo", function(a)
                        return "lua pong", a
                    end)
                end)
                """);
        assertThat(node.foreign().call(lua, "echo", "java ping")).containsExactly("lua pong", "java ping");
    }

    @Test
    void luaCallsJavaAsInPyskynetsSecondQuickStart() throws Exception {
        var got = new java.util.concurrent.CompletableFuture<Object>();
        node.foreign().dispatch("echo", args -> { got.complete(args[0]); return "java pong"; });
        node.scriptservice("""
                local pyskynet = require "pyskynet"
                local foreign = require "pyskynet.foreign"
                pyskynet.start(function()
                    local a = foreign.call(".python", "echo", "lua ping")
                    assert(a == "java pong", "got " .. tostring(a))
                    foreign.call(".java", "echo", "done")
                end)
                """);
        assertThat(got.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("lua ping");
    }

    @Test
    void aLuaServiceCallsItselfThroughForeign() {
        int lua = node.scriptservice("""
                local pyskynet = require "pyskynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("func", function(a, b) return a, b end)
                foreign.dispatch("selfcall", function()
                    return foreign.call(pyskynet.self(), "func", 321, 432)
                end)
                pyskynet.start(function() end)
                """);
        assertThat(node.foreign().call(lua, "selfcall")).containsExactly(321L, 432L);
    }

    @Test
    void luaServicesCallEachOtherWithTheLuaProtocol() {
        int caller = node.newservice("caller");
        assertThat(node.foreign().call(caller, "relay", 1L, "two", List.of(3L, 4L), Map.of("k", "v")))
                .containsExactly(1L, "two", List.of(3L, 4L), Map.of("k", "v"));
    }

    @Test
    void valuesCrossAsDesignSays() {
        int lua = node.scriptservice("""
                local foreign = require "pyskynet.foreign"
                local skynet = require "skynet"
                foreign.dispatch("echo", function(...) return ... end)
                foreign.dispatch("make", function()
                    return "\\255\\254", 2^53, 0.5, {}, nil, true
                end)
                skynet.start(function() end)
                """);
        assertThat(node.foreign().call(lua, "echo", "héllo", 42L, 1.5, null, false, List.of(), Map.of(1L, "a", 3L, "c")))
                .containsExactly("héllo", 42L, 1.5, null, false, List.of(), Map.of(1L, "a", 3L, "c"));
        Object[] made = node.foreign().call(lua, "make");
        assertThat((byte[]) made[0]).containsExactly(0xff, 0xfe);
        assertThat(made).hasSize(6);
        assertThat(made[1]).isEqualTo(9007199254740992L);
        assertThat(made[2]).isEqualTo(0.5);
        assertThat(made[3]).isEqualTo(List.of());
        assertThat(made[4]).isNull();
        assertThat(made[5]).isEqualTo(true);
    }

    @Test
    void aLuaErrorReachesTheJavaCallerWithFileAndLineAndTheServiceGoesOn() {
        int caller = node.newservice("caller");
        assertThatThrownBy(() -> node.foreign().call(caller, "boom", "the disk is full"))
                .isInstanceOfSatisfying(CallFailedException.class, e -> {
                    assertThat(e.remoteMessage()).contains("caller.lua:12:").contains("the disk is full");
                    assertThat(e.remoteTraceback()).contains("stack traceback");
                });
        assertThatThrownBy(() -> node.foreign().call(caller, "callboom"))
                .isInstanceOf(CallFailedException.class).hasMessageContaining("deep");
        assertThat(node.foreign().call(caller, "relay", "still")).containsExactly("still");
    }

    @Test
    void aSyntaxErrorNamesTheFileAndLine() {
        assertThatThrownBy(() -> node.newservice("syntax_error"))
                .isInstanceOf(SkyloomException.class).hasMessageContaining("syntax_error.lua:4");
    }

    @Test
    void aMissingServiceNamesTheFileAndThePathsSearched() {
        assertThatThrownBy(() -> node.newservice("no_such_service"))
                .isInstanceOf(SkyloomException.class).hasMessageContaining("no_such_service")
                .hasMessageContaining(LUA_DIR + "/no_such_service.lua");
    }

    @Test
    void aStartErrorFailsNewserviceWithTheLuaMessage() {
        assertThatThrownBy(() -> node.newservice("start_error"))
                .isInstanceOf(CallFailedException.class).hasMessageContaining("start_error.lua:4")
                .hasMessageContaining("cannot start without a database");
        assertThat(node.serviceCount()).isZero();
    }
}
