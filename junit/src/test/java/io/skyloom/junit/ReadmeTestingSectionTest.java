package io.skyloom.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The README's "Testing your services" class compiles as printed and its tests pass, so the README stays true. */
class ReadmeTestingSectionTest {

    static String testClass(String readme) {
        String section = readme.substring(readme.indexOf("## Testing your services"));
        int start = section.indexOf("```java\n") + 8;
        return section.substring(start, section.indexOf("\n```\n", start)) + "\n";
    }

    @Test
    void theTestClassInTheReadmeCompilesAndPasses(@TempDir Path dir) throws Exception {
        String source = testClass(Files.readString(Path.of("..", "README.md")));
        Matcher name = Pattern.compile("(?m)^class (\\w+)").matcher(source);
        assertThat(name.find()).as("the block declares a class").isTrue();
        Path file = dir.resolve(name.group(1) + ".java");
        Files.writeString(file, source);

        var errors = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, errors, "--release", "21", "-proc:none",
                "-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), file.toString());
        assertThat(errors.toString(StandardCharsets.UTF_8)).as("javac on the README's test class").isEmpty();
        assertThat(rc).isZero();

        try (var loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> readmeTest = loader.loadClass(name.group(1));
            var tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(readmeTest)).execute().testEvents();
            assertThat(tests.failed().list()).as("failures").isEmpty();
            assertThat(tests.succeeded().count()).isPositive();
        }
    }
}
