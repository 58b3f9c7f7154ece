package io.skyloom.junit;

import java.time.Duration;

/**
 * The one knob for slow machines: every wait of a probe ({@code expectCall},
 * {@code fishFor}, {@code within}, {@code awaitAssert}) is multiplied by the system
 * property {@value #FACTOR} (default 1; e.g. {@code -Dskyloom.test.timefactor=3} on a
 * loaded CI host). {@code expectNoMessage} is not: a longer quiet period proves nothing
 * more and only slows the run.
 */
public final class Waits {

    public static final String FACTOR = "skyloom.test.timefactor";
    /** How long a probe waits when the test names no time. */
    public static final Duration DEFAULT = Duration.ofSeconds(3);

    private Waits() {}

    /** {@code d} times the factor. */
    public static Duration dilated(Duration d) {
        String v = System.getProperty(FACTOR);
        double f;
        try {
            f = v == null ? 1 : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(FACTOR + " is not a number: " + v);
        }
        if (!(f > 0)) throw new IllegalArgumentException(FACTOR + " must be above 0, was " + v);
        return Duration.ofNanos((long) (d.toNanos() * f));
    }

    /**
     * Retries {@code assertion} until it passes or {@code max} (dilated) has passed, parking
     * 10 ms between tries; then fails with its last error.
     */
    public static void awaitAssert(Duration max, Runnable assertion) {
        long end = System.nanoTime() + dilated(max).toNanos();
        for (;;) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > end) throw e;
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            }
        }
    }
}
