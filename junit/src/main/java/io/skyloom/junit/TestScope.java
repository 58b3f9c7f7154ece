package io.skyloom.junit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What one test made in its node: stubs and probes, stopped when the test ends. Thread-safe. */
final class TestScope {

    final TestNode node;
    final Stubs stubs;
    final TestLog log;
    private final List<Probe> probes = new CopyOnWriteArrayList<>();

    TestScope(TestNode node) {
        this.node = node;
        this.stubs = new Stubs(node.skyloom, node.problems);
        this.log = new TestLog(node.log);
    }

    Probe probe(String name) {
        Probe p = new Probe(node.skyloom, name);
        probes.add(p);
        return p;
    }

    /** Stops what the test made; stub verification adds its problems to the node's. */
    void finish() {
        stubs.finish();
        for (Probe p : probes) p.stop();
    }
}
