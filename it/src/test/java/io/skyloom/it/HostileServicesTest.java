package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.core.NodeConfig;
import io.skyloom.foreign.Skyloom;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lua services that push the standard library and the sandbox where they break: each
 * test runs a hostile service on a real node, checks it gets what C Lua would give it
 * (or Lua's own error), and that the node still answers afterwards.
 */
class HostileServicesTest {

    @TempDir
    Path dir;

    Skyloom node;

    /** A node whose service path and file access are this test's folder, configured further by {@code tune}. */
    Skyloom start(UnaryOperator<NodeConfig.Builder> tune) throws Exception {
        Path services = Files.createDirectories(dir.resolve("services"));
        node = Skyloom.start(tune.apply(NodeConfig.builder().thread(2).servicePath(services + "/?.lua")
                .fileAccess(services)).build());
        return node;
    }

    Skyloom start() throws Exception {
        return start(b -> b);
    }

    @AfterEach
    void stop() {
        if (node != null) node.close();
    }

    /** A service answering "run" with what {@code body} (a Lua function body) returns. */
    int hostile(String body) {
        return node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("run", function(...)
                """ + body + """
                end)
                skynet.start(function() end)
                """);
    }

    Object[] run(int service, Object... args) {
        return node.foreign().call(service, "run", args);
    }

    /** The node still starts a Lua service and gets its answer. */
    void assertNodeStillAnswers() {
        int echo = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("echo", function(...) return ... end)
                skynet.start(function() end)
                """);
        assertThat(node.foreign().call(echo, "echo", "still", 42L)).containsExactly("still", 42L);
    }

    @Test
    void stringFormatPrintsAsCLuaDoesBeyond32BitsAndWithPrecision() throws Exception {
        start();
        int s = hostile("""
                return string.format("%d", 1796157243350), ("%.2f"):format(1/3), string.format("%5.1f", 99.44),
                    string.format("%e", 12345.678), string.format("%g|%#x|%a", 1e20, 255, 1),
                    select(2, pcall(string.format, "%d", 2^63)), select(2, pcall(string.format, "%y", 1))
                """);
        assertThat(run(s)).containsExactly("1796157243350", "0.33", " 99.4", "1.234568e+04", "1e+20|0xff|0x1p+0",
                "bad argument #2 to 'format' (not a number in proper range)", "invalid option '%y' to 'format'");
        assertNodeStillAnswers();
    }

    @Test
    void libraryFunctionsAtTheirLimitsFailWithLuasMessages() throws Exception {
        start();
        int s = hostile("""
                local function msg(f, ...) local ok, e = pcall(f, ...) return ok and "no error" or e end
                return msg(string.rep, "xxxxxxxx", 2^30), msg(table.unpack, {}, 1, 1e7),
                    msg(string.char, 256), msg(table.insert, {}, 5, 1), msg(table.remove, {1, 2}, 5),
                    msg(table.concat, {1, {}, 3}), #string.rep("ab", 3, ","), string.sub("hello", 2^53),
                    select("#", string.byte("abc", -2^60, 2^60))
                """);
        assertThat(run(s)).containsExactly("resulting string too large", "too many results to unpack",
                "bad argument #1 to 'char' (value out of range)", "bad argument #2 to 'insert' (position out of bounds)",
                "bad argument #1 to 'remove' (position out of bounds)",
                "invalid value (table) at index 2 in table for 'concat'", 8L, "", 3L);
        assertNodeStillAnswers();
    }

    @Test
    void patternsWithFrontiersBalancesAndBadSyntaxGiveLuasResultsAndMessages() throws Exception {
        start();
        int s = hostile("""
                local function msg(f, ...) local ok, e = pcall(f, ...) return ok and "no error" or e end
                return (string.gsub("THE (quick) fox", "%f[%a]%a+", "W")), string.match("f(a(b)c)d", "%b()"),
                    string.find("hello", "()ll()"), (string.gsub("abc", "(%w)", "%1%0")),   -- find: its first value only
                    msg(string.find, "a", "[a"), msg(string.find, "a", "%"), msg(string.find, "a", "(()"),
                    msg(string.gsub, "a", "a", "%2"), msg(string.find, "a", "%f"),
                    msg(string.match, string.rep("a", 40), string.rep("(a)", 33)),
                    msg(string.find, string.rep("a", 300), string.rep("a?", 300) .. string.rep("a", 300))
                """);
        assertThat(run(s)).containsExactly("W (W) W", "(a(b)c)", 3L, "aabbcc",
                "malformed pattern (missing ']')", "malformed pattern (ends with '%')", "unfinished capture",
                "invalid capture index", "missing '[' after '%f' in pattern", "too many captures", "pattern too complex");
        assertNodeStillAnswers();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"luaDebug on", "luaDebug off", "luajc"})
    void killStopsAServiceInsideAnExponentialPatternMatch(String mode) throws Exception {
        start(b -> switch (mode) {
            case "luaDebug off" -> b.luaDebug(false);
            case "luajc" -> b.luajc(true);
            default -> b;
        });
        for (String call : List.of("s:find(p)", "string.find(s, p)", "table.sort(t, function(a, b) return s:find(p) end)")) {
            String key = "backtracking " + call;
            int s = hostile("""
                    local skynet = require "skynet"
                    local s, p = string.rep("a", 40), string.rep("a?", 40) .. string.rep("a", 40)
                    local t = {3, 1, 2}
                    skynet.setenv(...)
                    return %s
                    """.formatted(call));
            var pending = node.foreign().callAsync(s, "run", key, true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (node.getenv(key) == null && System.nanoTime() < deadline) Thread.onSpinWait();
            assertThat(node.getenv(key)).as("the service is matching").isEqualTo(true);
            var exited = node.node().whenExited(s);
            node.node().kill(s);
            assertThat(exited.get(10, TimeUnit.SECONDS)).as(call).isEqualTo("killed");
            assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS)).as("its caller hears of the kill")
                    .hasCauseInstanceOf(io.skyloom.core.SkyloomException.class);
        }
        assertNodeStillAnswers();
    }

    @Test
    void syntaxErrorsReadAsCLuasWithChunkNameAndLine() throws Exception {
        start();
        Files.writeString(dir.resolve("services/broken.lua"), "local skynet = require \"skynet\"\nx = = 1\n");
        int s = hostile("""
                local t = {}
                for i = 1, 300 do t[i] = "local a" .. i .. " = 1" end
                return select(2, load("x = = 1", "=chunk")), select(2, load(table.concat(t, "\\n"), "=big")),
                    select(2, load("for", "=chunk")), select(2, load("x = 'abc", "=chunk")),
                    select(2, pcall(require, "broken"))
                """);
        Object[] r = run(s);
        assertThat(r[0]).isEqualTo("chunk:1: unexpected symbol near '='");
        assertThat(r[1]).isEqualTo("big:201: too many local variables (limit is 200) in main function near '='");
        assertThat(r[2]).isEqualTo("chunk:1: <name> expected near <eof>");
        assertThat(r[3]).isEqualTo("chunk:1: unfinished string near <eof>");
        assertThat((String) r[4]).contains("broken.lua:2: unexpected symbol near '='");
        assertThatThrownBy(() -> node.newservice("broken")).hasMessageContaining("broken.lua:2: unexpected symbol near '='");
        assertNodeStillAnswers();
    }

    @Test
    void aBinaryChunkWrittenToAnAllowedFolderIsRefusedByLoadfileAndDofile() throws Exception {
        start();
        int s = hostile("""
                local path = ...
                local f = assert(io.open(path, "wb"))
                f:write(string.dump(function() return "bytecode ran" end))
                f:close()
                local lf, lerr = loadfile(path)
                local ok, derr = pcall(dofile, path)
                return tostring(lf), lerr, derr, select(2, load(string.dump(function() end)))
                """);
        String path = dir.resolve("services/evil.luac").toString();
        Object[] r = run(s, path);
        assertThat(r[0]).isEqualTo("nil");
        assertThat(r[1]).isEqualTo("attempt to load a binary chunk (mode is 't')");
        assertThat((String) r[2]).endsWith("attempt to load a binary chunk (mode is 't')");
        assertThat(r[3]).isEqualTo("attempt to load a binary chunk (mode is 't')");
        assertNodeStillAnswers();
    }

    @Test
    void serviceNamesCannotLeaveTheServicePath() throws Exception {
        start();
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("evil.lua"), """
                local skynet = require "skynet"
                skynet.setenv("evil ran", true)
                skynet.start(function() end)
                """);
        int s = hostile("""
                local skynet = require "skynet"
                local ok1, e1 = pcall(skynet.newservice, "../outside/evil")
                local ok2, e2 = pcall(skynet.uniqueservice, "../outside/evil")
                local ok3, e3 = pcall(skynet.newservice, "%s")
                return ok1, e1, ok2, e2, ok3, e3
                """.formatted(outside.resolve("evil")));
        Object[] r = run(s);
        assertThat(r[0]).isEqualTo(false);
        assertThat((String) r[1]).contains("invalid service name '../outside/evil'");
        assertThat(r[2]).isEqualTo(false);
        assertThat((String) r[3]).contains("invalid service name '../outside/evil'");
        assertThat(r[4]).isEqualTo(false);
        assertThat((String) r[5]).contains("invalid service name");
        assertThatThrownBy(() -> node.newservice("../outside/evil")).hasMessageContaining("invalid service name");
        assertThat(node.getenv("evil ran")).isNull();
        assertNodeStillAnswers();
    }

    @Test
    void dofileOfAnExistingFileOutsideThePathSaysItIsNotAllowed() throws Exception {
        start();
        Path secret = Files.writeString(dir.resolve("secret.lua"), "return 'secret'");
        int s = hostile("""
                local path = ...
                local ok, e = pcall(dofile, path)
                local f, e2 = loadfile(path)
                local ok3, e3 = pcall(dofile, path .. ".missing")
                return ok, e, tostring(f), e2, e3
                """);
        Object[] r = run(s, secret.toString());
        assertThat(r[0]).isEqualTo(false);
        assertThat((String) r[1]).contains("cannot open " + secret).contains("not allowed");
        assertThat(r[2]).isEqualTo("nil");
        assertThat((String) r[3]).contains("not allowed");
        assertThat((String) r[4]).contains("No such file or directory");
        assertNodeStillAnswers();
    }

    @Test
    void ioReadWithoutAConsoleReadsEndOfFileNotAJavaError() throws Exception {
        start();
        int s = hostile("""
                return tostring(io.read("*l")), tostring(io.read("*n")), tostring(io.read(5)), #tostring(io.read(0))
                """);
        Object[] r = run(s);
        assertThat(r[0]).isEqualTo("nil");
        assertThat(r[1]).isEqualTo("nil");
        assertThat(r[2]).isEqualTo("nil");
        assertNodeStillAnswers();
    }
}
