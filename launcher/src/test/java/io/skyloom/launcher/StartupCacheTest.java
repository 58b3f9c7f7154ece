package io.skyloom.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import io.skyloom.launcher.ChildProcess.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./skyloom run}'s start-up cache (JDK 25's AOT cache in target/aot), made and used
 * by the script itself in a tree laid out as a built one: a copy of the script and the
 * pom, this build's classes as jars (the cache takes jars only), a build stamp, so the
 * script builds nothing and goes straight to its cache. Real runs, one after another:
 * the first makes the cache, the next uses it, a truncated cache is refused and made
 * again, a cache for another class path or an older jar is made again, and a LuaJ jar
 * ModernJar cannot read stays as it is.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StartupCacheTest {

    static final String PREPARING = "preparing the JVM's start-up cache";

    @TempDir static Path tree;
    static Path classPathFile;
    static String builtClassPath;
    static Path hello;

    @BeforeAll
    static void aBuiltTree() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the AOT cache is JDK 25's");
        Path root = LauncherScriptTest.ROOT;
        Files.copy(root.resolve("skyloom"), tree.resolve("skyloom"));
        Files.copy(root.resolve("pom.xml"), tree.resolve("pom.xml"));
        Files.createDirectories(tree.resolve("launcher/target"));
        Files.createDirectories(tree.resolve("bench/target"));
        Files.createDirectories(tree.resolve("target"));
        Files.createDirectories(tree.resolve("jars"));
        Path launcherClasses = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        jar(launcherClasses, tree.resolve("launcher/target/skyloom-launcher-test.jar"));
        Path testClasses = Path.of(StartupCacheTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // Copies, each in a folder of its own under its own name (the script finds LuaJ's by
        // name), so that a test may touch one: never the build's or the Maven repository's.
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(e).toAbsolutePath();
            if (e.isEmpty() || p.equals(launcherClasses) || p.equals(testClasses)) continue;
            Path in = Files.createDirectories(tree.resolve("jars/" + entries.size()));
            Path j;
            if (Files.isDirectory(p)) {
                j = in.resolve(p.getParent().getParent().getFileName() + ".jar");   // core/target/classes
                jar(p, j);
            } else {
                j = Files.copy(p, in.resolve(p.getFileName()));
            }
            entries.add(j.toString());
        }
        builtClassPath = String.join(":", entries);
        classPathFile = tree.resolve("launcher/target/runtime.classpath");
        Files.writeString(classPathFile, builtClassPath);
        Files.writeString(tree.resolve("bench/target/runtime.classpath"), "");
        Files.setLastModifiedTime(tree.resolve("pom.xml"), FileTime.from(Instant.now().minusSeconds(3600)));
        Files.writeString(tree.resolve("target/skyloom-build.stamp"), "");
        Files.setLastModifiedTime(tree.resolve("target/skyloom-build.stamp"), FileTime.from(Instant.now().minusSeconds(60)));
        hello = Files.writeString(tree.resolve("hello.lua"), """
                local skynet = require "skynet"
                skynet.start(function()
                	print("hello from the cache test")
                	skynet.exit()
                end)
                """);
    }

    @Test
    @Order(1)
    void theFirstRunMakesTheCacheWithLuajAsJava8ClassFiles() throws Exception {
        Run r = run(Map.of());
        assertThat(r.output()).contains(PREPARING).contains("hello from the cache test");
        assertThat(r.exit()).isZero();
        assertThat(Files.size(cache())).isPositive();
        assertThat(Files.readString(Path.of(cache() + ".cp"))).endsWith(builtClassPath);
        Path luaj = tree.resolve("target/aot/luaj-jse-3.0.1.jar");
        assertThat(ModernJarTest.major(ModernJarTest.entries(luaj).get("org/luaj/vm2/LuaValue.class"))).isEqualTo(ModernJarTest.JAVA_8);
    }

    @Test
    @Order(2)
    void aRunLoadsSkyloomAndLuajFromTheCacheAndTheJvmAcceptsItWhereItMust() throws Exception {
        Run r = run(Map.of("SKYLOOM_JAVA_OPTS", "-Xlog:class+load=info"));
        assertThat(r.exit()).as(r.tail(3000)).isZero();
        assertThat(r.output()).doesNotContain(PREPARING).contains("hello from the cache test")
                .contains("io.skyloom.lua.LuaMain source: shared objects file")
                .contains("org.luaj.vm2.LuaValue source: shared objects file")
                .contains("org.luaj.vm2.lib.StringLib source: shared objects file")
                // skynet.lua as the build compiled it, its Java 1.1 class files rewritten for the cache
                .contains("skyloom_luajc_builtin_lualib_skynet source: shared objects file");
        Run strict = run(Map.of("SKYLOOM_JAVA_OPTS", "-XX:AOTMode=on"));
        assertThat(strict.exit()).as(strict.tail(3000)).isZero();
        assertThat(strict.output()).contains("hello from the cache test");
    }

    @Test
    @Order(3)
    void aTruncatedCacheIsRefusedTheRunGoesOnAndTheNextRunMakesItAgain() throws Exception {
        try (FileChannel c = FileChannel.open(cache(), StandardOpenOption.WRITE)) {
            c.truncate(c.size() / 2);
        }
        Run strict = run(Map.of("SKYLOOM_JAVA_OPTS", "-XX:AOTMode=on"));
        assertThat(strict.exit()).as("AOTMode=on: the JVM will not run without the cache").isNotZero();
        assertThat(strict.output()).contains("AOT cache");

        Run refused = run(Map.of());
        assertThat(refused.exit()).as(refused.tail(3000)).isZero();
        assertThat(refused.output()).contains("hello from the cache test").contains("refused the start-up cache").doesNotContain(PREPARING);
        assertThat(cache()).doesNotExist();

        Run again = run(Map.of());
        assertThat(again.exit()).isZero();
        assertThat(again.output()).contains(PREPARING).contains("hello from the cache test").doesNotContain("refused");
        assertUsed();
    }

    @Test
    @Order(4)
    void aCacheMadeForAnotherClassPathIsMadeAgain() throws Exception {
        Path extra = tree.resolve("jars/extra.jar");   // an empty jar: the class path differs, nothing else
        jar(Files.createDirectories(tree.resolve("extra")), extra);
        Files.writeString(classPathFile, builtClassPath + ":" + extra);
        try {
            Run r = run(Map.of());
            assertThat(r.exit()).isZero();
            assertThat(r.output()).contains(PREPARING).contains("hello from the cache test");
            assertThat(Files.readString(Path.of(cache() + ".cp"))).endsWith(":" + extra);
        } finally {
            Files.writeString(classPathFile, builtClassPath);
        }
        assertThat(run(Map.of()).output()).as("back to the first class path").contains(PREPARING);
        assertUsed();
    }

    @Test
    @Order(5)
    void aJarNewerThanTheCacheMakesItAgain() throws Exception {
        Path someJar = Path.of(builtClassPath.split(":")[0]);
        Instant now = Instant.now();
        Files.setLastModifiedTime(cache(), FileTime.from(now.minusSeconds(30)));   // still newer than the build stamp
        Files.setLastModifiedTime(someJar, FileTime.from(now.minusSeconds(10)));
        Run r = run(Map.of());
        assertThat(r.exit()).isZero();
        assertThat(r.output()).contains(PREPARING).contains("hello from the cache test");
        assertUsed();
    }

    @Test
    @Order(6)
    void aLuajJarModernJarCannotReadIsNamedAndTheCacheIsMadeWithLuajAsItWas() throws Exception {
        Path shipped = Stream.of(builtClassPath.split(":")).map(Path::of)
                .filter(p -> p.getFileName().toString().startsWith("luaj-jse-")).findFirst().orElseThrow();
        Path bad = ModernJarTest.withJunkClass(shipped, Files.createDirectories(tree.resolve("jars/bad")).resolve(shipped.getFileName()));
        Files.writeString(classPathFile, builtClassPath.replace(shipped.toString(), bad.toString()));
        try {
            Run r = run(Map.of());
            assertThat(r.exit()).as(r.tail(3000)).isZero();
            assertThat(r.output()).contains(PREPARING).contains("hello from the cache test")
                    .contains("the start-up cache keeps luaj-jse-3.0.1.jar as it is: ModernJar: " + bad)
                    .contains("org/luaj/vm2/Junk.class cannot be rewritten");
            assertThat(tree.resolve("target/aot").resolve(shipped.getFileName())).doesNotExist();
            Run used = run(Map.of("SKYLOOM_JAVA_OPTS", "-Xlog:class+load=info"));
            assertThat(used.exit()).isZero();
            assertThat(used.output()).contains("io.skyloom.lua.LuaMain source: shared objects file")
                    .contains("org.luaj.vm2.LuaValue source: file:" + bad);
        } finally {
            Files.writeString(classPathFile, builtClassPath);
        }
    }

    @Test
    @Order(7)
    void aSourceFileNewerThanTheBuildDeepInAModuleMakesTheLauncherBuild() throws Exception {
        Run quiet = run(Map.of());
        assertThat(quiet.output()).as(quiet.tail(3000)).doesNotContain(BUILDING).contains("hello from the cache test")
                .as("SLF4J finds its provider by name, and says nothing about it").doesNotContain("SLF4J");
        Path dir = Files.createDirectories(tree.resolve("lua-stdlib/src/main/resources/skyloom/lualib"));
        Path edited = Files.writeString(dir.resolve("edited.lua"), "return {}\n");
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        for (Path d = dir; !d.equals(tree); d = d.getParent()) Files.setLastModifiedTime(d, old);   // only the file is new
        try {
            Run r = run(Map.of());
            // The tree is no Maven project: the build it starts fails, after saying why it runs.
            assertThat(r.output()).as(r.tail(3000)).containsAnyOf(BUILDING, "Maven (mvn) is needed");
            assertThat(r.exit()).isNotZero();
        } finally {
            Files.delete(edited);
            for (Path d = dir; !d.equals(tree); d = d.getParent()) Files.setLastModifiedTime(d, old);
        }
    }

    private static final String BUILDING = "skyloom: building (first run, or sources changed)";

    private static void assertUsed() throws Exception {
        Run r = run(Map.of("SKYLOOM_JAVA_OPTS", "-Xlog:class+load=info"));
        assertThat(r.exit()).isZero();
        assertThat(r.output()).doesNotContain(PREPARING).contains("io.skyloom.lua.LuaMain source: shared objects file");
    }

    private static Path cache() throws IOException {
        try (Stream<Path> s = Files.list(tree.resolve("target/aot"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".aot")).findFirst()
                    .orElse(tree.resolve("target/aot/java" + System.getProperty("java.home").replace('/', '_') + ".aot"));
        }
    }

    /** {@code ./skyloom run hello.lua} in the tree, with this JDK. */
    static Run run(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(tree.resolve("skyloom").toString(), "run", hello.toString());
        pb.environment().remove("SKYLOOM_CLASSPATH");
        pb.environment().remove("SKYLOOM_JAVA_OPTS");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        return ChildProcess.run(pb, Duration.ofSeconds(180));
    }

    /** A jar of the folder {@code dir}. */
    static void jar(Path dir, Path to) throws IOException {
        try (OutputStream o = Files.newOutputStream(to); JarOutputStream j = new JarOutputStream(o);
             Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                j.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, j);
                j.closeEntry();
            }
        }
    }
}
