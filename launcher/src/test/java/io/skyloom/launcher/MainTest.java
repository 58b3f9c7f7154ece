package io.skyloom.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.core.NodeConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Main} in this JVM: the commands, their exit codes and what they print. */
class MainTest {

    record Result(int exit, String out, String err) {}

    static Result main(String... argv) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helloCallsAJavaServiceAndALuaServiceThatCallsBackIntoJava() {
        Result r = main("run", "--thread", "2", "hello");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("java echo -> [1, two]").contains("lua hi   -> hello, lua (from service :");
        assertThat(r.exit()).isZero();
    }

    @Test
    void runWithoutATargetListsTheExamples() {
        Result r = main("run");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("examples: hello");
    }

    @Test
    void anUnknownExampleNamesItselfAndTheExamples() {
        Result r = main("run", "nope");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("nope").contains("hello");
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheOption() {
        assertThat(main("run", "--thread", "many", "hello").err()).contains("thread").contains("many");
        assertThat(main("run", "--threads", "2", "hello").err()).contains("unknown option --threads");
        assertThat(main("run", "--thread").err()).contains("--thread needs a value");
        assertThat(main("run", "--thread", "0", "hello").exit()).isEqualTo(2);
    }

    @Test
    void replTakesOptionsOnlyAndRunDashITakesALuaFile() {
        Result r = main("repl", "main.lua");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("run -i FILE.lua");
        Result example = main("run", "-i", "hello");
        assertThat(example.exit()).isEqualTo(2);
        assertThat(example.err()).contains("run -i takes a Lua file");
    }

    @Test
    void aConfigFileSetsTheNodeKnobsAndSendsOtherKeysToEnv(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config");
        Files.writeString(config, """
                -- a skynet config
                thread = 3
                harbor = 2
                luaservice = "%s/?.lua"
                luajc = false
                lua_debug = false
                transport = %s
                endless_warning = 0.5
                greeting = "hello, world"   -- to env
                """.formatted(dir, dir));
        List<String> args = new ArrayList<>(List.of("--config", config.toString(), "hello"));
        NodeConfig.Builder builder = NodeConfig.builder();
        Options.apply(args, builder);
        NodeConfig c = builder.build();
        assertThat(args).containsExactly("hello");
        assertThat(c.thread()).isEqualTo(3);
        assertThat(c.nodeId()).isEqualTo(2);
        assertThat(c.servicePath()).containsExactly(dir + "/?.lua");
        assertThat(c.luajc()).isFalse();    // LuaJC is the default: the file turns it off
        assertThat(c.luaDebug()).isFalse();
        assertThat(c.transport()).isEqualTo(dir);
        assertThat(c.endlessWarning()).isEqualTo(java.time.Duration.ofMillis(500));
        assertThat(c.env()).containsEntry("greeting", "hello, world").doesNotContainKeys("transport", "endless_warning");
    }

    @Test
    void aBooleanKeyTakesOnlyTrueOrFalse(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config");
        Files.writeString(config, "luajc = yes\n");
        List<String> args = new ArrayList<>(List.of("--config", config.toString(), "hello"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Options.apply(args, NodeConfig.builder()))
                .hasMessageContaining("luajc").hasMessageContaining("yes");
    }

    @Test
    void runKeepsTheCompiledClassesOfAFileWhereLuajcCacheSaysAndFalseKeepsThemNowhere(@TempDir Path dir) throws Exception {
        Path lua = dir.resolve("once.lua");
        Files.writeString(lua, """
                local skynet = require "skynet"
                skynet.start(function() print("ran") skynet.exit() end)
                """);
        Path cache = dir.resolve("classes");
        Path on = dir.resolve("on.config"), off = dir.resolve("off.config");
        Files.writeString(on, "luajc_cache = " + cache + "\n");
        Files.writeString(off, "luajc_cache = false\n");

        Result r = main("run", "--config", on.toString(), lua.toString());
        assertThat(r.exit()).as(r.err()).isZero();   // (Lua prints to System.out, not to r)
        try (var files = Files.list(cache)) {
            assertThat(files.filter(f -> f.toString().endsWith(".luajc"))).hasSize(1);
        }
        NodeConfig.Builder b = NodeConfig.builder().luajcCache(cache);
        Options.apply(new ArrayList<>(List.of("--config", off.toString(), "x.lua")), b);
        assertThat(b.build().luajcCache()).isNull();
        assertThat(Main.defaultClassCache()).endsWith(Path.of("skyloom", "luajc"));
    }
}
