package io.skyloom.junit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What one node logged (through slf4j-simple, on its services' threads), kept until the
 * test ends: printed for a failing test, dropped for a passing one. A Lua error that no
 * caller saw (a forked task's) is logged at ERROR by {@code io.skyloom.lua}: it becomes a
 * problem. Thread-safe; a lock guards the buffer (no {@code synchronized}: chunks are
 * short and the lock is never held while calling out).
 */
final class NodeLog {

    private static final String LUA_ERROR = " ERROR io.skyloom.lua - ";

    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.locks.Condition written = lock.newCondition();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();   // lock
    private final Problems problems;
    private volatile boolean luaErrorsAreProblems;

    NodeLog(Problems problems, boolean luaErrorsAreProblems) {
        this.problems = problems;
        this.luaErrorsAreProblems = luaErrorsAreProblems;
    }

    void append(byte[] b, int off, int len) {
        lock.lock();
        try {
            bytes.write(b, off, len);
            written.signalAll();
        } finally {
            lock.unlock();
        }
        if (luaErrorsAreProblems && len > LUA_ERROR.length()) {
            String chunk = new String(b, off, len, StandardCharsets.UTF_8);
            int at = chunk.indexOf(LUA_ERROR);
            if (at >= 0) problems.add("a Lua error no caller saw: " + chunk.substring(at + LUA_ERROR.length()).strip());
        }
    }

    /** The text logged since the last take, and forget it. */
    String take() {
        lock.lock();
        try {
            String s = bytes.toString(StandardCharsets.UTF_8);
            bytes.reset();
            return s;
        } finally {
            lock.unlock();
        }
    }

    /** The text logged since the last take, kept. */
    String text() {
        lock.lock();
        try {
            return bytes.toString(StandardCharsets.UTF_8);
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code nanos} for a line holding {@code fragment}; that line, or null. Woken by every write. */
    String awaitLine(String fragment, long nanos) throws InterruptedException {
        lock.lock();
        try {
            for (;;) {
                String found = bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(fragment))
                        .findFirst().orElse(null);
                if (found != null || nanos <= 0) return found;
                nanos = written.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }
}
