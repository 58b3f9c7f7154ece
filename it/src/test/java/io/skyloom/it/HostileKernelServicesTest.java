package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.core.NodeConfig;
import io.skyloom.foreign.Skyloom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile or careless services against the kernel: timers asked for forever, a service
 * that never yields. Each ends with the node still answering an echo.
 */
class HostileKernelServicesTest {

    static int echo(Skyloom node) {
        return node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("echo", function(x) return x end)
                skynet.start(function() end)
                """);
    }

    static void stillAnswers(Skyloom node) {
        assertThat(node.foreign().call(Duration.ofSeconds(5), echo(node), "echo", "alive")).containsExactly("alive");
    }

    @Test
    void timersBeyondWhatTheWheelCountsNeverFireEarly() {
        try (Skyloom node = Skyloom.start(NodeConfig.builder().thread(2).build())) {
            int lua = node.scriptservice("""
                    local skynet = require "skynet"
                    local foreign = require "pyskynet.foreign"
                    foreign.dispatch("go", function()
                        local fired = {}
                        skynet.timeout(math.huge, function() fired[#fired + 1] = "huge" end)
                        skynet.timeout(1e12, function() fired[#fired + 1] = "1e12" end)
                        skynet.timeout(2^62, function() fired[#fired + 1] = "2^62" end)
                        skynet.fork(function() skynet.sleep(math.huge) fired[#fired + 1] = "sleep" end)
                        skynet.sleep(10)       -- the overflowing ones would fire in the first tick or two
                        local nan = { pcall(skynet.sleep, 0/0) }
                        return #fired, nan[1], tostring(nan[2])
                    end)
                    skynet.start(function() end)
                    """);
            Object[] r = node.foreign().call(lua, "go");
            assertThat(r[0]).isEqualTo(0L);
            assertThat(r[1]).isEqualTo(false);
            assertThat((String) r[2]).contains("no integer representation");
            stillAnswers(node);
        }
    }

    @Test
    void aServiceThatNeverYieldsIsReportedAndSeesItWithSkynetEndless() throws Exception {
        try (Skyloom node = Skyloom.start(NodeConfig.builder().thread(2).endlessWarning(Duration.ofMillis(200)).build());
             LogCapture log = new LogCapture()) {
            int lua = node.scriptservice("""
                    local skynet = require "skynet"
                    local foreign = require "pyskynet.foreign"
                    foreign.dispatch("busy", function(seconds)
                        local t0 = os.clock()
                        while os.clock() - t0 < seconds do end      -- holds its worker, never yields
                        return skynet.endless(), skynet.endless(), skynet.stat("message") > 0
                    end)
                    skynet.start(function() end)
                    """);
            Object[] r = node.foreign().call(Duration.ofSeconds(30), lua, "busy", 1.5);
            assertThat(r).containsExactly(true, false, true);
            assertThat(log.awaitContains("maybe in an endless loop")).isTrue();
            assertThat(log.text()).contains(io.skyloom.core.Handle.format(lua));
            stillAnswers(node);
        }
    }

    @ParameterizedTest(name = "luajc {0}")
    @ValueSource(booleans = {false, true})
    void anEndlessLoopWithOneWorkerIsReportedAndKillEndsIt(boolean luajc) throws Exception {
        try (Skyloom node = Skyloom.start(NodeConfig.builder().thread(1).luajc(luajc).endlessWarning(Duration.ofMillis(200)).build());
             LogCapture log = new LogCapture()) {
            int lua = node.scriptservice("""
                    local skynet = require "skynet"
                    local foreign = require "pyskynet.foreign"
                    local function stuck() while true do end end
                    foreign.dispatch("spin", function() stuck() end)
                    skynet.start(function() end)
                    """);
            node.foreign().send(lua, "spin");
            assertThat(log.awaitContains("maybe in an endless loop")).isTrue();
            assertThat(log.awaitContains("in function 'stuck'")).as("the Lua stack where it is stuck").isTrue();
            var exited = node.whenExited(lua);
            node.kill(lua);
            assertThat(exited.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("killed");
            stillAnswers(node);
        }
    }

    @Test
    void aFloodOfFailingRequestsLogsOneTraceNotOnePerRequest() throws Exception {
        try (Skyloom node = Skyloom.start(NodeConfig.builder().thread(2).build()); LogCapture log = new LogCapture()) {
            int bad = node.scriptservice("""
                    local skynet = require "skynet"
                    local foreign = require "pyskynet.foreign"
                    foreign.dispatch("fail", function() error("always") end)
                    foreign.dispatch("forget", function() end)
                    skynet.start(function()
                        skynet.dispatch("lua", function() end)      -- answers nothing
                    end)
                    """);
            int caller = node.scriptservice("""
                    local skynet = require "skynet"
                    local foreign = require "pyskynet.foreign"
                    foreign.dispatch("go", function(addr, n)
                        local failed = 0
                        for i = 1, n do
                            if not pcall(foreign.call, addr, "fail") then failed = failed + 1 end
                            if not pcall(skynet.call, addr, "lua", "x") then failed = failed + 1 end
                        end
                        return failed
                    end)
                    skynet.start(function() end)
                    """);
            assertThat(node.foreign().call(Duration.ofSeconds(60), caller, "go", bad, 5000L)).containsExactly(10_000L);
            long failures = log.text().lines().filter(l -> l.contains("failed on a foreign message")).count();
            long forgotten = log.text().lines().filter(l -> l.contains("maybe forgot response")).count();
            assertThat(failures).isBetween(1L, 2L);
            assertThat(forgotten).isBetween(1L, 2L);
            stillAnswers(node);
        }
    }

    @Test
    void unboundedRecursionIsAStackOverflowPcallCatches() {
        try (Skyloom node = Skyloom.start(NodeConfig.builder().thread(2).build())) {
            int lua = node.scriptservice("""
                    local skynet = require "skynet"
                    local foreign = require "pyskynet.foreign"
                    local function f(n) return 1 + f(n + 1) end
                    foreign.dispatch("deep", function()
                        local ok, err = pcall(f, 1)
                        local ok2, err2 = xpcall(f, function(m) return "handled: " .. m end, 1)
                        return ok, err, ok2, err2
                    end)
                    foreign.dispatch("uncaught", function() return f(1) end)
                    skynet.start(function() end)
                    """);
            Object[] r = node.foreign().call(lua, "deep");
            assertThat(r).containsExactly(false, "stack overflow", false, "handled: stack overflow");
            assertThatThrownBy(() -> node.foreign().call(lua, "uncaught"))
                    .isInstanceOf(io.skyloom.core.CallFailedException.class).hasMessageContaining("stack overflow")
                    .hasMessageNotContaining("java.lang");
            assertThat(node.foreign().call(lua, "deep")[0]).as("the service goes on").isEqualTo(false);
            stillAnswers(node);
        }
    }

    @ParameterizedTest(name = "luajc {0}")
    @ValueSource(booleans = {false, true})     // with LuaJC a file naming memlimit runs interpreted
    void memlimitStopsAnAllocationLoopWithAnErrorPcallCatches(boolean luajc) {
        try (Skyloom node = Skyloom.start(NodeConfig.builder().thread(2).luajc(luajc).build())) {
            int lua = node.scriptservice("""
                    local skynet = require "skynet"
                    local foreign = require "pyskynet.foreign"
                    skynet.memlimit(4 * 1024 * 1024)
                    assert(skynet.memlimit == nil, "memlimit is set once")
                    local keep = {}
                    foreign.dispatch("grow", function()
                        local ok, err = pcall(function()
                            local t = {}
                            while true do t[#t + 1] = { i = #t } end
                        end)
                        return ok, err
                    end)
                    foreign.dispatch("global", function()
                        local ok, err = pcall(function()
                            while true do keep[#keep + 1] = string.rep("x", 1000) end
                        end)
                        local n = #keep
                        keep = {}
                        return ok, err, n > 100
                    end)
                    foreign.dispatch("count", function() return collectgarbage("count") end)
                    skynet.start(function() end)
                    """);
            Object[] r = node.foreign().call(Duration.ofSeconds(60), lua, "grow");
            assertThat(r[0]).isEqualTo(false);
            assertThat((String) r[1]).contains("not enough memory");
            Object[] g = node.foreign().call(Duration.ofSeconds(60), lua, "global");
            assertThat(g[0]).isEqualTo(false);
            assertThat((String) g[1]).contains("not enough memory");
            assertThat(g[2]).isEqualTo(true);
            double kb = ((Number) node.foreign().call(lua, "count")[0]).doubleValue();
            assertThat(kb).as("one small service, not the JVM's heap").isBetween(1.0, 4096.0);
            stillAnswers(node);
        }
    }

    @Test
    void aServiceWithoutMemlimitHasItsOwnSmallCount() {
        try (Skyloom node = Skyloom.start(NodeConfig.builder().thread(2).build())) {
            int lua = node.scriptservice("""
                    local skynet = require "skynet"
                    local foreign = require "pyskynet.foreign"
                    local big
                    foreign.dispatch("count", function() return collectgarbage("count") end)
                    foreign.dispatch("fill", function() big = {} for i = 1, 100000 do big[i] = i end end)
                    skynet.start(function() end)
                    """);
            double before = ((Number) node.foreign().call(lua, "count")[0]).doubleValue();
            node.foreign().call(lua, "fill");
            double after = ((Number) node.foreign().call(lua, "count")[0]).doubleValue();
            assertThat(after - before).as("100 000 entries, about 5 MB").isBetween(2000.0, 20000.0);
        }
    }
}
