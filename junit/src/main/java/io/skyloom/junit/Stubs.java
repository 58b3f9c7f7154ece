package io.skyloom.junit;

import io.skyloom.foreign.Skyloom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stubs of one test: {@code stubs.stub(".db").when("get", "k").reply("v")}. Each name
 * is bound for the test's length; the stubs are stopped (and their names freed) when it
 * ends. Thread-safe.
 */
public final class Stubs {

    private final Skyloom node;
    private final Problems problems;
    private final ConcurrentHashMap<String, Stub> byName = new ConcurrentHashMap<>();
    // Starting a stub blocks (two newservice calls): done under this lock, not inside the map's compute.
    private final java.util.concurrent.locks.ReentrantLock starting = new java.util.concurrent.locks.ReentrantLock();

    Stubs(Skyloom node, Problems problems) {
        this.node = node;
        this.problems = problems;
    }

    /**
     * The stub answering to {@code name} ({@code ".db"}), started on first use. With no
     * rule yet, every message to it fails the test; add rules with {@link Stub#when}.
     */
    public Stub stub(String name) {
        Stub s = byName.get(name);
        if (s != null) return s;
        if (!name.startsWith(".")) throw new IllegalArgumentException("a stub stands in for a .name, not " + name);
        starting.lock();
        try {
            s = byName.get(name);
            if (s == null) {
                s = new Stub(name, problems);
                s.attach(Relay.start(node, "stub" + name, name, s::decide));
                byName.put(name, s);
            }
            return s;
        } finally {
            starting.unlock();
        }
    }

    void finish() {
        for (Stub s : byName.values()) {
            s.finish();
            s.stop();
        }
        byName.clear();
    }
}
