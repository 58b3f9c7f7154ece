package io.skyloom.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import io.skyloom.launcher.ChildProcess.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ModernJar on LuaJ's own jar: every class becomes a Java 8 class file that the split
 * verifier (the one of version 50 and later, which reads stack map frames and never
 * falls back) accepts in a JVM that verifies everything, and LuaJ runs Lua as it did;
 * input that is not a readable jar is an error naming it, with nothing written.
 */
class ModernJarTest {

    static final int JAVA_8 = 52;

    @TempDir static Path dir;
    static Path original;
    static Path modern;

    @BeforeAll
    static void rewriteLuaj() throws Exception {
        original = Path.of(org.luaj.vm2.Globals.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        modern = dir.resolve("luaj-modern.jar");
        ModernJar.rewrite(original, modern, System.getProperty("java.class.path"));
    }

    @Test
    void everyClassBecomesJava8AndEveryOtherEntryIsCopiedAsItWas() throws Exception {
        Map<String, byte[]> before = entries(original), after = entries(modern);
        assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
        int classes = 0;
        for (var e : before.entrySet()) {
            byte[] was = e.getValue(), now = after.get(e.getKey());
            if (e.getKey().endsWith(".class")) {
                classes++;
                assertThat(major(was)).as(e.getKey() + " as LuaJ ships it").isLessThan(50);
                assertThat(major(now)).as(e.getKey()).isEqualTo(JAVA_8);
            } else {
                assertThat(now).as(e.getKey()).isEqualTo(was);
            }
        }
        assertThat(classes).isGreaterThan(300);
    }

    @Test
    void theRewrittenClassesLinkUnderTheSplitVerifierAndRunLuaAsTheOriginalDoes() throws Exception {
        Probe was = probe(original), now = probe(modern);
        assertThat(was.failed()).isEmpty();
        assertThat(now.failed()).as("classes that did not link").isEmpty();
        assertThat(now.linked()).isEqualTo(was.linked()).isGreaterThan(300);
        assertThat(was.oldFormat()).as("LuaJ as shipped goes to the old verifier").isGreaterThan(300);
        assertThat(now.oldFormat()).as("classes the old verifier took").isZero();
        assertThat(now.newFormat()).as("classes verified with their stack map frames").isEqualTo(was.oldFormat());
        assertThat(now.result()).isEqualTo(was.result())
                .startsWith("2;10;12;").contains(";hell0 w0rld;65,90;a1;b2;9 5 3 1;key!;added;false;7;false;true;").endsWith(";3;3;42");
    }

    @Test
    void aFileThatIsNotAJarIsAnErrorNamingItAndWritesNothing() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.jar"), "not a jar");
        Path out = dir.resolve("junk-out.jar");
        assertThatThrownBy(() -> ModernJar.rewrite(junk, out, ""))
                .isInstanceOf(IOException.class).hasMessageContaining(junk.toString()).hasMessageContaining("is not a jar");
        assertThat(out).doesNotExist();
    }

    @Test
    void aTruncatedJarIsAnErrorNamingIt() throws Exception {
        byte[] whole = Files.readAllBytes(original);
        Path half = Files.write(dir.resolve("half.jar"), Arrays.copyOf(whole, whole.length / 2));
        Path out = dir.resolve("half-out.jar");
        assertThatThrownBy(() -> ModernJar.rewrite(half, out, ""))
                .isInstanceOf(IOException.class).hasMessageContaining(half.toString()).hasMessageContaining("is not a jar");
        assertThat(out).doesNotExist();
    }

    @Test
    void aClassLuaJCWroteBecomesJava8AndAModernClassIsCopiedAsItWas() throws Exception {
        // lua-stdlib's jar: built-in Lua compiled by LuaJC (BCEL writes 45.3, whose minor
        // version once made it compare above 52.0 and stay out of the cache) beside Java 21 classes.
        org.luaj.vm2.Prototype p = org.luaj.vm2.compiler.LuaC.instance.compile(
                new java.io.ByteArrayInputStream("local function f(x) return x + 1 end return f(1)".getBytes()), "t");
        byte[] compiled = new org.luaj.vm2.luajc.JavaGen(p, "skyloom_luajc_t", "t.lua", false).bytecode;
        byte[] current;
        try (InputStream in = ModernJar.class.getResourceAsStream("ModernJar.class")) {
            current = in.readAllBytes();
        }
        Path jar = dir.resolve("mixed.jar");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
            z.putNextEntry(new ZipEntry("skyloom_luajc_t.class"));
            z.write(compiled);
            z.putNextEntry(new ZipEntry("io/skyloom/launcher/ModernJar.class"));
            z.write(current);
        }
        Path out = dir.resolve("mixed-modern.jar");
        ModernJar.rewrite(jar, out, System.getProperty("java.class.path"));
        Map<String, byte[]> after = entries(out);
        assertThat(major(compiled)).isEqualTo(45);
        assertThat(major(after.get("skyloom_luajc_t.class"))).isEqualTo(JAVA_8);
        assertThat(after.get("io/skyloom/launcher/ModernJar.class")).isEqualTo(current);
    }

    @Test
    void aClassFileThatCannotBeReadIsAnErrorNamingTheEntry() throws Exception {
        Path bad = withJunkClass(original, dir.resolve("bad.jar"));
        Path out = dir.resolve("bad-out.jar");
        assertThatThrownBy(() -> ModernJar.rewrite(bad, out, System.getProperty("java.class.path")))
                .isInstanceOf(IOException.class).hasMessageContaining(bad.toString())
                .hasMessageContaining("org/luaj/vm2/Junk.class cannot be rewritten");
        assertThat(out).doesNotExist();
    }

    @Test
    void itsCommandLineExitsOneWithTheReasonOnOneLine() throws Exception {
        Path junk = Files.writeString(dir.resolve("cli-junk.jar"), "not a jar");
        Path out = dir.resolve("cli-out.jar");
        Run r = java(List.of(), List.of(ModernJar.class.getName(), junk.toString(), out.toString(), ""),
                System.getProperty("java.class.path"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output().strip()).startsWith("ModernJar: " + junk).contains("is not a jar").doesNotContain("\n");
        assertThat(out).doesNotExist();
    }

    /** The jar {@code from} plus an entry that looks like a class and is not one: the JVM never loads it, ModernJar must read it. */
    static Path withJunkClass(Path from, Path to) throws IOException {
        try (ZipFile in = new ZipFile(from.toFile()); OutputStream o = Files.newOutputStream(to);
             ZipOutputStream z = new ZipOutputStream(o)) {
            for (ZipEntry e : Collections.list(in.entries())) {
                z.putNextEntry(new ZipEntry(e.getName()));
                try (InputStream is = in.getInputStream(e)) {
                    is.transferTo(z);
                }
                z.closeEntry();
            }
            z.putNextEntry(new ZipEntry("org/luaj/vm2/Junk.class"));
            z.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 47, 0, 99});
            z.closeEntry();
        }
        return to;
    }

    record Probe(int linked, List<String> failed, int oldFormat, int newFormat, String result) {}

    /** LuajProbe in a JVM that verifies every class it links, with {@code luaj} as its LuaJ. */
    private static Probe probe(Path luaj) throws Exception {
        Path testClasses = Path.of(LuajProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path bcel = Path.of(org.apache.bcel.Const.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path chunk = Path.of(ModernJarTest.class.getResource("/luaj-probe.lua").toURI());
        Path log = Files.createTempFile(dir, "verification", ".log");
        Run r = java(List.of("-Xverify:all", "-Xlog:verification=info:file=" + log), List.of(LuajProbe.class.getName(), chunk.toString()),
                String.join(java.io.File.pathSeparator, testClasses.toString(), luaj.toString(), bcel.toString()));
        assertThat(r.exit()).as(r.tail(4000)).isZero();
        int linked = -1;
        List<String> failed = new ArrayList<>();
        String out = r.output();
        for (String l : out.split("\n")) {
            if (l.startsWith("LINKED ")) linked = Integer.parseInt(l.substring(7).strip());
            else if (l.startsWith("FAILED ")) failed.add(l);
        }
        int at = out.indexOf("RESULT ");
        String result = at < 0 ? null : out.substring(at + 7);
        List<String> verified = Files.readAllLines(log).stream().filter(l -> l.contains("Verifying class org.luaj.")).toList();
        int oldFormat = (int) verified.stream().filter(l -> l.endsWith("with old format")).count();
        int newFormat = (int) verified.stream().filter(l -> l.endsWith("with new format")).count();
        assertThat(result).as(r.tail(4000)).isNotNull();
        return new Probe(linked, failed, oldFormat, newFormat, result.strip());
    }

    static Run java(List<String> flags, List<String> main, String classPath) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.addAll(main);
        return ChildProcess.run(new ProcessBuilder(cmd), Duration.ofSeconds(120));
    }

    static Map<String, byte[]> entries(Path jar) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                try (InputStream is = z.getInputStream(e)) {
                    m.put(e.getName(), is.readAllBytes());
                }
            }
        }
        return m;
    }

    /** A class file's major version: bytes 6 and 7, after the magic and the minor version. */
    static int major(byte[] classFile) {
        return (classFile[6] & 0xff) << 8 | classFile[7] & 0xff;
    }
}
