package io.skyloom.foreign.harbor;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Says what the reader dropped, without letting a hostile peer flood the log: the first
 * bad frame of every {@value #WINDOW_SECONDS} s is logged with its reason, the rest are
 * counted into the next line. Thread-safe.
 */
final class FrameLog {

    static final long WINDOW_SECONDS = 10;

    private final Logger log;
    private final AtomicLong windowStart = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    FrameLog(Logger log) {
        this.log = log;
    }

    void dropped(String why) {
        long now = System.nanoTime();
        long start = windowStart.get();
        if (start != Long.MIN_VALUE && now - start < TimeUnit.SECONDS.toNanos(WINDOW_SECONDS)) {
            suppressed.incrementAndGet();
            return;
        }
        if (!windowStart.compareAndSet(start, now)) {
            suppressed.incrementAndGet();
            return;
        }
        long more = suppressed.getAndSet(0);
        log.warn("dropped a frame: {}{}", why, more > 0 ? " (and " + more + " more bad frames before this one)" : "");
    }
}
