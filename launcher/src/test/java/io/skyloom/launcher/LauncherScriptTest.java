package io.skyloom.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import io.skyloom.launcher.ChildProcess.Run;
import org.junit.jupiter.api.Test;

/**
 * {@code ./skyloom} as a user starts it: a real process, a deadline, its exit code. The
 * classpath is this test's own (SKYLOOM_CLASSPATH), so the script builds nothing: a build
 * from inside the build would race the reactor for the same target folders.
 */
class LauncherScriptTest {

    static final Path ROOT = repoRoot();

    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent())
            if (Files.isExecutable(p.resolve("skyloom")) && Files.exists(p.resolve("pom.xml"))) return p;
        throw new IllegalStateException("no ./skyloom above " + Path.of("").toAbsolutePath());
    }

    static Run skyloom(String... args) throws Exception {
        return skyloom(java.util.Map.of(), args);
    }

    static Run skyloom(java.util.Map<String, String> env, String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(List.of(ROOT.resolve("skyloom").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("SKYLOOM_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().putAll(env);
        return ChildProcess.run(pb, Duration.ofSeconds(60));
    }

    @Test
    void runHelloFindsAJdkStartsTheExampleAndExitsZero() throws Exception {
        Run r = skyloom("run", "hello");
        assertThat(r.output()).contains("java echo -> [1, two]").contains("lua hi   -> hello, lua");
        assertThat(r.exit()).isZero();
    }

    @Test
    void runHelloWithOneThreadStillCompletes() throws Exception {
        Run r = skyloom("run", "--thread", "1", "hello");
        assertThat(r.output()).contains("lua hi   -> hello, lua");
        assertThat(r.exit()).isZero();
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Run r = skyloom("help");
        assertThat(r.exit()).isZero();
        assertThat(r.output()).contains("run FILE.lua").contains("test").contains("bench").contains("--thread N");
    }

    @Test
    void anUnknownCommandIsAUsageError() throws Exception {
        Run r = skyloom("frobnicate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output()).contains("unknown command 'frobnicate'");
    }

    @Test
    void theJvmGetsTheNodesGcFlagsAndSkyloomJavaOptsComeLastAndWin() throws Exception {
        Run r = skyloom(java.util.Map.of("SKYLOOM_JAVA_OPTS", "-XX:+PrintCommandLineFlags -XX:SurvivorRatio=3"), "run", "hello");
        assertThat(r.exit()).isZero();
        assertThat(r.output()).contains("-XX:MaxGCPauseMillis=500").contains("-XX:SurvivorRatio=3")
                .doesNotContain("-XX:SurvivorRatio=2");
    }
}
