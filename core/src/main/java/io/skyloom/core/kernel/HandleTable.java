package io.skyloom.core.kernel;

import io.skyloom.core.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Handles and names of one node (skynet_handle.c). Thread-safe; lookups are lock-free.
 * Handles are never reused within a node's life, so a stale handle can only find
 * nothing, never another service.
 */
final class HandleTable {

    private final int nodeId;
    private final AtomicInteger lastLocal = new AtomicInteger();
    private final ConcurrentHashMap<Integer, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> names = new ConcurrentHashMap<>();

    HandleTable(int nodeId) {
        this.nodeId = nodeId;
    }

    int allocate() {
        int local = lastLocal.incrementAndGet();
        if (local > Handle.LOCAL_MASK) throw new SkyloomException("handle space of node " + nodeId + " is used up");
        return Handle.of(nodeId, local);
    }

    void register(Endpoint e) {
        endpoints.put(e.handle(), e);
    }

    Endpoint get(int handle) {
        return endpoints.get(handle);
    }

    /** Removes the handle and every name bound to it. */
    void retire(int handle) {
        endpoints.remove(handle);
        names.values().removeIf(h -> h == handle);
    }

    /** Binds a local name; a name names one live service at a time. */
    void name(String name, int handle) {
        if (!name.startsWith(".")) throw new IllegalArgumentException("a local name starts with '.': " + name);
        if (endpoints.get(handle) == null)
            throw new ServiceDeadException(Handle.format(handle), "cannot name " + Handle.format(handle) + " " + name + ": no such service");
        Integer old = names.putIfAbsent(name, handle);
        if (old != null && old != handle)
            throw new IllegalStateException("name " + name + " is taken by " + Handle.format(old));
    }

    /** The handle named {@code name}, or 0. */
    int query(String name) {
        Integer h = names.get(name);
        return h == null ? 0 : h;
    }

    List<Endpoint> snapshot() {
        return new ArrayList<>(endpoints.values());
    }

    int size() {
        return endpoints.size();
    }
}
