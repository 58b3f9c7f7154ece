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
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();   // guarded by lock
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.locks.Condition written = lock.newCondition();

    LogCapture() {
        PrintStream tee = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                lock.lock();
                try {
                    bytes.write(b, off, len);
                    written.signalAll();
                } finally {
                    lock.unlock();
                }
                original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        System.setErr(tee);
    }

    String text() {
        lock.lock();
        try {
            return bytes.toString(StandardCharsets.UTF_8);
        } finally {
            lock.unlock();
        }
    }

    /** Waits (up to 5 s) until the log holds {@code fragment}, woken by every write; true if it did. */
    boolean awaitContains(String fragment) throws InterruptedException {
        long left = 5_000_000_000L;
        lock.lock();
        try {
            while (!bytes.toString(StandardCharsets.UTF_8).contains(fragment)) {
                if (left <= 0) return false;
                left = written.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
