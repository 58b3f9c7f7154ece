package io.skyloom.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ./skyloom bench --http} works end to end on the real bench files: a Skyloom JVM
 * runs bench_main's httpd benchmark and this JVM's load generator gets answers. A smoke
 * run (two connections for a moment), not a measurement.
 */
class HttpBenchTest {

    @Test
    void theHttpBenchServesTheLoadAndCountsWhatItServed() {
        Path files = Path.of("..", "bench", "lua").toAbsolutePath().normalize();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int failures = HttpBench.run(List.of(new BenchTarget.Skyloom(files, 2, null)), 1,
                new HttpBench.Load(2, Duration.ofMillis(200), Duration.ofMillis(500), 2), out, out);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(failures).as(text).isZero();
        Matcher m = Pattern.compile("round 1 skyloom\\s+([\\d,]+) req/s \\(([\\d,]+) in .* 0 failed connections\\).* the server counted (\\d+)")
                .matcher(text);
        assertThat(m.find()).as(text).isTrue();
        long sent = Long.parseLong(m.group(2).replace(",", ""));
        assertThat(sent).isPositive();
        // the server's count runs from /start to /stop: the timed load and the two marks
        assertThat(Long.parseLong(m.group(3))).isGreaterThanOrEqualTo(sent);
    }

    @Test
    void theBenchCommandLineTakesHttpAndConnections() {
        List<String> args = new ArrayList<>(List.of("--http", "--connections", "64", "pingpong"));
        LuaBench.Request r = LuaBench.parse(args);
        assertThat(r.http()).isTrue();
        assertThat(r.connections()).isEqualTo(64);
        assertThat(args).containsExactly("pingpong");
    }
}
