package io.skyloom.junit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the test's node logged during this test (lines its services' threads wrote), and
 * the problems the test expects: {@code expectProblem("fork went wrong")} says that an
 * error no caller sees is this test's point, so it does not fail the test; it fails the
 * test instead when no such problem came. Injected by type, one per test. Thread-safe.
 */
public final class TestLog {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final NodeLog log;
    private final List<String> expected = new CopyOnWriteArrayList<>();

    TestLog(NodeLog log) {
        this.log = log;
    }

    /** Everything logged so far in this test. */
    public String text() {
        return log.text();
    }

    /** Waits (5 s, dilated) for a line containing {@code fragment} and returns it; fails listing the log if none came. */
    public String awaitLine(String fragment) {
        try {
            String line = log.awaitLine(fragment, Waits.dilated(WAIT).toNanos());
            if (line != null) return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for a log line containing '" + fragment + "'", e);
        }
        String text = log.text();
        throw new AssertionError("no log line containing '" + fragment + "' within " + Waits.dilated(WAIT).toMillis()
                + " ms; the node logged " + (text.isBlank() ? "nothing" : ":\n" + text));
    }

    /**
     * A problem containing {@code fragment} (a service error no caller saw, a request left
     * unanswered) is expected: it does not fail the test, and its absence does.
     */
    public TestLog expectProblem(String fragment) {
        expected.add(fragment);
        return this;
    }

    /** The problems that still fail the test: the unexpected ones, and each expectation nothing met. */
    List<String> judge(List<String> problems) {
        List<String> left = new ArrayList<>();
        List<String> unmet = new ArrayList<>(expected);
        for (String p : problems) {
            String hit = expected.stream().filter(p::contains).findFirst().orElse(null);
            if (hit == null) left.add(p);
            else unmet.remove(hit);
        }
        for (String f : unmet) left.add("expected a problem containing '" + f + "' (expectProblem), and none came");
        return left;
    }
}
