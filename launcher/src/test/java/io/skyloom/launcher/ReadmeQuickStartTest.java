package io.skyloom.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java quick start compiles and runs as printed, so the README stays true. */
class ReadmeQuickStartTest {

    /** The first java block under "## Java quick start", split into imports and statements. */
    static String asProgram(String readme) {
        String section = readme.substring(readme.indexOf("## Java quick start"));
        String block = section.substring(section.indexOf("```java\n") + 8, section.indexOf("\n```\n"));
        List<String> lines = block.lines().toList();
        String imports = lines.stream().filter(l -> l.startsWith("import ")).collect(Collectors.joining("\n"));
        String body = lines.stream().filter(l -> !l.startsWith("import ")).collect(Collectors.joining("\n"));
        return imports + "\npublic class QuickStart {\n    public static void main(String[] argv) throws Exception {\n"
                + body + "\n    }\n}\n";
    }

    @Test
    void theJavaQuickStartCompilesAndPrintsWhatItsCommentsSay(@TempDir Path dir) throws Exception {
        Path readme = LauncherScriptTest.ROOT.resolve("README.md");
        Path source = dir.resolve("QuickStart.java");
        Files.writeString(source, asProgram(Files.readString(readme)));

        var errors = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, errors, "--release", "21", "-proc:none",
                "-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), source.toString());
        assertThat(errors.toString(StandardCharsets.UTF_8)).as("javac on the README's code").isEmpty();
        assertThat(rc).isZero();

        PrintStream stdout = System.out;
        var out = new ByteArrayOutputStream();
        try (var loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass("QuickStart").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(stdout);
        }
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("[1, two]", "hello, lua", "hello, later");
    }
}
