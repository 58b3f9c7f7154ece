package io.skyloom.it;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the node logs while a test runs: slf4j-simple writes to whatever System.err is
 * at the moment of each line, so swapping it in captures the lines (and still echoes
 * them to the real stream for the surefire report). Tests of one JVM fork run one at a
 * time here, so the swap is the test's alone.
 */
final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    LogCapture() {
        PrintStream tee = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                bytes.write(b);
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (bytes) {
                    bytes.write(b, off, len);
                }
                original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        System.setErr(tee);
    }

    String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits (up to 5 s) until the log holds {@code fragment}; true if it did. */
    boolean awaitContains(String fragment) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (!text().contains(fragment)) {
            if (System.nanoTime() > end) return false;
            Thread.sleep(10);
        }
        return true;
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
