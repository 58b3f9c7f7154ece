package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.core.CallFailedException;
import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import io.skyloom.junit.TestLog;
import org.junit.jupiter.api.Test;

/** Lua services share no table and learn what went wrong, as skynet's would. */
@SkyloomTest
class LuaIsolationTest {

    @Inject Skyloom node;

    @Test
    void unpackingOneMessageTwiceGivesIndependentTables() {
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("twice", function()
                    local src = { x = { 1, 2 }, name = "n" }
                    local msg = skynet.pack(src, 5)
                    src.x[1] = -1                               -- after pack: not in the message
                    local a, five = skynet.unpack(msg)
                    local b = skynet.unpack(msg)
                    a.x[1] = 99
                    return a ~= b, a.x ~= b.x, b.x[1], five, b.name, a.x ~= src.x
                end)
                skynet.start(function() end)
                """);
        assertThat(node.foreign().call(lua, "twice")).containsExactly(true, true, 1L, 5L, "n", true);
    }

    @Test
    void onePackSentToTwoServicesGivesEachItsOwnTables() {
        String appender = """
                local skynet = require "skynet"
                skynet.start(function()
                    skynet.dispatch("lua", function(session, source, t)
                        for i = 1, 1000 do t.list[#t.list + 1] = i end
                        skynet.retpack(#t.list)
                    end)
                end)
                """;
        int a = node.scriptservice(appender), b = node.scriptservice(appender);
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("both", function(a, b)
                    local msg = skynet.pack({ list = { "first" } })
                    local results = {}
                    local done = 0
                    for i, addr in ipairs({ a, b, a, b }) do
                        skynet.fork(function()
                            results[i] = skynet.unpack(skynet.rawcall(addr, "lua", msg))
                            done = done + 1
                        end)
                    end
                    while done < 4 do skynet.sleep(1) end
                    local again = skynet.unpack(msg)
                    return results[1], results[2], results[3], results[4], #again.list
                end)
                skynet.start(function() end)
                """);
        assertThat(node.foreign().call(lua, "both", a, b)).containsExactly(1001L, 1001L, 1001L, 1001L, 1L);
    }

    @Test
    void aHandlerThatForgetsToAnswerIsReportedAndItsCallerFails(TestLog log) {
        log.expectProblem("maybe forgot response");
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                skynet.start(function()
                    skynet.dispatch("lua", function(session, source, cmd) end)
                end)
                """);
        int caller = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("ask", function(addr)
                    local ok, err = pcall(skynet.call, addr, "lua", "hello")
                    return ok, err
                end)
                skynet.start(function() end)
                """);
        Object[] r = node.foreign().call(caller, "ask", lua);
        assertThat(r[0]).isEqualTo(false);
        assertThat((String) r[1]).contains("maybe forgot response");
        assertThat(log.awaitLine("maybe forgot response")).contains(io.skyloom.core.Handle.format(lua))
                .contains(io.skyloom.core.Handle.format(caller));
    }

    @Test
    void anErrorInAForkedTaskIsLoggedAsAnErrorWithItsTraceback(TestLog log) {
        log.expectProblem("fork went wrong");
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                local function deep() error("fork went wrong") end
                foreign.dispatch("go", function()
                    skynet.fork(function() deep() end)
                    return "forked"
                end)
                skynet.start(function() end)
                """);
        assertThat(node.foreign().call(lua, "go")).containsExactly("forked");
        assertThat(log.awaitLine("fork went wrong")).contains("ERROR");
        assertThat(log.text()).contains("stack traceback");
        assertThat(node.foreign().call(lua, "go")).as("the service goes on").containsExactly("forked");
    }

    @Test
    void kernelTypesSentFromLuaAreRefusedAndTheVictimIsUntouched() {
        int victim = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                local count = 0
                foreign.dispatch("count", function() count = count + 1 return count end)
                skynet.start(function() end)
                """);
        int attacker = node.scriptservice("""
                local c = require "skynet.core"
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("attack", function(v)
                    local r = {}
                    for _, t in ipairs({ -3, -2, -7 }) do
                        local ok, err = pcall(c.send, v, t, nil)
                        r[#r + 1] = tostring(ok) .. ":" .. tostring(err)
                    end
                    return table.concat(r, "|")
                end)
                skynet.start(function() end)
                """);
        node.foreign().call(victim, "count");
        String r = (String) node.foreign().call(attacker, "attack", victim)[0];
        assertThat(r.split("\\|")).allMatch(s -> s.startsWith("false:") && s.contains("cannot be sent"));
        assertThat(node.foreign().call(victim, "count")).as("its state was not reset by a START").containsExactly(2L);
    }

    @Test
    void aLuaCallToAHandleBeyond32BitsIsAClearError() {
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("far", function() return pcall(skynet.call, 2^40, "lua", 1) end)
                skynet.start(function() end)
                """);
        Object[] r = node.foreign().call(lua, "far");
        assertThat(r[0]).isEqualTo(false);
        assertThat((String) r[1]).contains("invalid service address").doesNotContain("java");
    }

    @Test
    void responseOutsideARequestAndResponseFalseWithATableAreLuaErrors() {
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                skynet.start(function()
                    skynet.dispatch("lua", function(session, source, cmd)
                        local respond = skynet.response()
                        respond(false, {})
                    end)
                end)
                foreign.dispatch("outside", function()
                    local result
                    local me = coroutine.running()
                    skynet.fork(function()
                        local ok, err = pcall(skynet.response)
                        result = tostring(ok) .. ":" .. tostring(err)
                        skynet.wakeup(me)
                    end)
                    skynet.wait(me)
                    return result
                end)
                """);
        String outside = (String) node.foreign().call(lua, "outside")[0];
        assertThat(outside).startsWith("false:").contains("no request to answer").doesNotContain("java.lang");
        int caller = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("ask", function(addr) return pcall(skynet.call, addr, "lua", "x") end)
                skynet.start(function() end)
                """);
        Object[] r = node.foreign().call(caller, "ask", lua);
        assertThat(r[0]).isEqualTo(false);
        assertThat((String) r[1]).contains("failed").doesNotContain("String expected");
    }

    @Test
    void retInsideStartAnswersNothingAndTheServiceLives() {
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("ping", function() return "pong" end)
                skynet.start(function()
                    assert(skynet.ret(skynet.pack("x")) == false)
                end)
                """);
        assertThat(node.foreign().call(lua, "ping")).containsExactly("pong");
        assertThatThrownBy(() -> node.foreign().call(lua, "nope")).isInstanceOf(CallFailedException.class);
    }

    @Test
    void jsonNullCrossesServicesAsItselfAndReachesJavaAsNull() {
        int echo = node.scriptservice("""
                local skynet = require "skynet"
                skynet.start(function()
                    skynet.dispatch("lua", function(session, source, t) skynet.retpack(t) end)
                end)
                """);
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local json = require "rapidjson"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("go", function(addr)
                    local t = json.decode('{"a": null, "b": 1}')
                    local r = skynet.call(addr, "lua", t)
                    return r.a == json.null, r.b, json.encode(r) == json.encode(t)
                end)
                foreign.dispatch("tojava", function() return json.null end)
                skynet.start(function() end)
                """);
        assertThat(node.foreign().call(lua, "go", echo)).containsExactly(true, 1L, true);
        assertThat(node.foreign().call(lua, "tojava")).containsExactly((Object) null);
    }

    @Test
    void remotepackAndRemoteunpackCarryForeignValuesAsBytes() {
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("go", function()
                    local bytes = foreign.remotepack(1, "two", { 3, 4 }, { k = "v" })
                    local a, b, c, d = foreign.remoteunpack(bytes)
                    local ok, err = pcall(foreign.remoteunpack, "not kryo")
                    return type(bytes), a, b, c[2], d.k, ok, err
                end)
                skynet.start(function() end)
                """);
        Object[] r = node.foreign().call(lua, "go");
        assertThat(r).startsWith("string", 1L, "two", 4L, "v", false);
        assertThat((String) r[6]).contains("remoteunpack").doesNotContain("java.lang");
    }

    @Test
    void aUserdataSentToAnotherServiceCarriesNoneOfTheSendersTables() {
        int receiver = node.scriptservice("""
                local skynet = require "skynet"
                local stm = require "skynet.stm"
                skynet.start(function()
                    skynet.dispatch("lua", function(session, source, w)
                        local mt = getmetatable(w)
                        local reader = stm.newcopy(w)     -- the object itself still works
                        local ok, value = reader(function(m) return m end)
                        skynet.retpack(mt == nil, type(w), ok, value)
                    end)
                end)
                """);
        int sender = node.scriptservice("""
                local skynet = require "skynet"
                local stm = require "skynet.stm"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("go", function(to)
                    local w = stm.new("shared value")
                    return skynet.call(to, "lua", w)
                end)
                skynet.start(function() end)
                """);
        assertThat(node.foreign().call(sender, "go", receiver)).containsExactly(true, "userdata", true, "shared value");
    }

    @Test
    void responseInASendHandlerAnswersNobodyAndTestSaysFalseOnceAnswered() {
        int svc = node.scriptservice("""
                local skynet = require "skynet"
                local seen = {}
                skynet.start(function()
                    skynet.dispatch("lua", function(session, source, cmd)
                        if cmd == "note" then
                            local r = skynet.response()
                            seen[#seen + 1] = tostring(r("TEST")) .. "," .. tostring(r(true, "ignored"))
                        elseif cmd == "seen" then
                            skynet.retpack(table.concat(seen, ";"))
                        else
                            local r = skynet.response()
                            local before = r("TEST")
                            r(true, before)
                            seen[#seen + 1] = tostring(before) .. "->" .. tostring(r("TEST"))
                        end
                    end)
                end)
                """);
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("go", function(to)
                    skynet.send(to, "lua", "note")
                    local answered = skynet.call(to, "lua", "ask")
                    return answered, skynet.call(to, "lua", "seen")
                end)
                skynet.start(function() end)
                """);
        assertThat(node.foreign().call(lua, "go", svc)).containsExactly(true, "nil,nil;true->false");
    }
}
