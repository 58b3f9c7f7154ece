package io.skyloom.core.kernel;

import io.skyloom.core.*;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls of this node that wait on a service of another node, so that a peer going
 * down fails each of them at once (skynet's harbor does the same for a lost slave).
 * Local calls never enter here. Thread-safe.
 */
final class PeerCalls {

    private final ConcurrentHashMap<Pending, CallSite> waiting = new ConcurrentHashMap<>();

    void watch(CallSite site, Pending p) {
        waiting.put(p, site);
    }

    void unwatch(CallSite site, Pending p) {
        waiting.remove(p, site);
    }

    /**
     * Answers every call waiting on node {@code nodeId} with a dead-service error. The
     * answer comes from the callee's own handle, which is the one reply its caller accepts.
     */
    void fail(int nodeId, String reason) {
        waiting.forEach((p, site) -> {
            if (Handle.nodeId(p.peer) != nodeId || !waiting.remove(p, site)) return;
            site.deliver(new Envelope(p.peer, site.handle(), PType.ERROR, p.session,
                    RemoteError.dead("node " + nodeId + " is down (" + reason + "): " + Handle.format(p.peer) + " cannot answer")));
        });
    }
}
