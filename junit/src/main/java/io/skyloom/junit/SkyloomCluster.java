package io.skyloom.junit;

import io.skyloom.foreign.Skyloom;
import java.util.List;

/**
 * The nodes of a {@link SkyloomTest#nodes} test, linked in this JVM: node {@code i} has
 * node id {@code i}, so a handle from one is reachable from every other. Immutable.
 */
public final class SkyloomCluster {

    private final List<Skyloom> nodes;

    SkyloomCluster(List<Skyloom> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** The node whose id is {@code id} (1 to {@link #size}; a single node's id may be another). */
    public Skyloom node(int id) {
        if (nodes.size() == 1) return nodes.get(0);
        if (id < 1 || id > nodes.size()) throw new IllegalArgumentException("no node " + id + ": the ids are 1 to " + nodes.size());
        return nodes.get(id - 1);
    }

    public int size() {
        return nodes.size();
    }

    /** Every node, node 1 first. */
    public List<Skyloom> nodes() {
        return nodes;
    }
}
