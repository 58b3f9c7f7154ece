package io.skyloom.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./skyloom bench}'s harness on small stand-ins: a bench folder whose
 * bench_main.lua finishes at once (run by a real Skyloom JVM) and fake skynet builds.
 */
class LuaBenchTest {

    @TempDir
    Path tmp;

    /** A bench folder with one quick benchmark of the real file's output form. */
    Path quickFiles() throws Exception {
        Path files = Files.createDirectories(tmp.resolve("files"));
        Files.writeString(files.resolve("bench_main.lua"), """
                local skynet = require "skynet"
                local name = ...
                skynet.start(function()
                    print("INFO " .. name .. " timed")
                    local t0 = skynet.hpc()
                    local x = 0
                    for i = 1, 100000 do x = x + i end
                    print(string.format("BENCH %s 100000 %s 1000000.0", name, "0.100"))
                    skynet.exit()
                end)
                """);
        Files.writeString(files.resolve("bench.config"), "-- for skynet\n");
        return files;
    }

    /** A "skynet" that prints {@code output} and then waits, as a real one keeps running. */
    Path fakeSkynet(String output) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("skynet"));
        Path bin = dir.resolve("skynet");
        Files.writeString(bin, "#!/bin/sh\necho '[:00000001] LAUNCH logger'\necho '" + output + "'\nexec sleep 30\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    @Test
    void aRunGivesItsResultAndTheCpuOfItsTimedPart() throws Exception {
        Path files = quickFiles();
        BenchProcess.Outcome o = new BenchTarget.Skyloom(files, 2, null).run("quick", 0);
        assertThat(o.ok()).as(String.valueOf(o.error())).isTrue();
        assertThat(o.count()).isEqualTo(100_000);
        assertThat(o.opsPerSecond()).isEqualTo(1_000_000.0);
        assertThat(o.cpuSeconds()).isGreaterThanOrEqualTo(0);
        assertThat(o.exitSeconds()).as("the Skyloom process ends by itself").isNotNaN();
    }

    @Test
    void againstASkynetBothSidesRunInterleavedAndARatioIsPrinted() throws Exception {
        Path files = quickFiles();
        Path skynet = fakeSkynet("BENCH quick 100000 0.200 500000.0");
        MainTest.Result r = MainTest.main("bench", "--files", files.toString(), "--against", skynet.toString(),
                "--rounds", "2", "quick");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("round 1 skyloom").contains("round 1 skynet").contains("round 2 skynet")
                .contains("500,000").contains("2.00x").contains("medians over 2 rounds");
        assertThat(r.exit()).isZero();
    }

    @Test
    void aFolderWithoutSkynetIsOneLineAndSkyloomStillRuns() throws Exception {
        Path files = quickFiles();
        MainTest.Result r = MainTest.main("bench", "--files", files.toString(), "--against", tmp.resolve("none").toString(), "quick");
        assertThat(r.err().lines().filter(l -> !l.isBlank()).toList()).hasSize(1).first().asString()
                .contains(tmp.resolve("none").toString()).contains("no skynet binary");
        assertThat(r.out()).contains("round 1 skyloom").contains("1,000,000").contains("another machine, not comparable");
        assertThat(r.exit()).isZero();
    }

    @Test
    void aSkynetThatFailsABenchmarkNamesItAndSkyloomsFiguresStand() throws Exception {
        Path files = quickFiles();
        Path skynet = fakeSkynet("BENCH_ERROR quick it broke");
        MainTest.Result r = MainTest.main("bench", "--files", files.toString(), "--against", skynet.toString(),
                "--rounds", "1", "quick");
        assertThat(r.out()).contains("round 1 skynet   quick").contains("FAILED: quick it broke")
                .contains("round 1 skyloom").contains("1,000,000");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void badOptionsAreNamed() {
        assertThat(MainTest.main("bench", "--rounds", "0").err()).contains("--rounds").contains("above 0");
        assertThat(MainTest.main("bench", "--files", tmp.toString()).err()).contains("no bench_main.lua in " + tmp);
    }

    @Test
    void theProjectShipsItsOwnBenchFiles() {
        Path files = Path.of("..", "bench", "lua");
        for (String f : List.of("bench_main.lua", "bench_echo.lua", "bench_counter.lua", "bench_pair.lua", "bench_tiny.lua", "bench.config"))
            assertThat(files.resolve(f)).isRegularFile();
        assertThat(LuaBench.references(files.resolve("README.md"))).hasSize(7);
    }

    @Test
    void theBenchProcessesRunInTheLuaModeOfTheConfigGiven() throws Exception {
        // LuaJC's functions print as their class, the interpreter's as their source: the
        // benchmark reports which it ran as its ops/s.
        Path files = Files.createDirectories(tmp.resolve("mode"));
        Files.writeString(files.resolve("bench_main.lua"), """
                local skynet = require "skynet"
                local name = ...
                skynet.start(function()
                    local compiled = not tostring(function() end):find("@", 1, true)
                    print("INFO " .. name .. " timed")
                    print(string.format("BENCH %s 100000 0.100 %s", name, compiled and "2000000.0" or "1000000.0"))
                    skynet.exit()
                end)
                """);
        Path config = Files.writeString(tmp.resolve("interpreted.config"), "luajc = false\n");
        MainTest.Result interpreted = MainTest.main("bench", "--config", config.toString(), "--files", files.toString(), "mode");
        assertThat(interpreted.out()).contains("luajc = false, lua_debug = true").contains("1,000,000");
        assertThat(interpreted.exit()).isZero();
        MainTest.Result compiled = MainTest.main("bench", "--files", files.toString(), "mode");   // LuaJC, the default
        assertThat(compiled.out()).contains("luajc = true").contains("2,000,000");
        assertThat(compiled.exit()).isZero();
    }
}
