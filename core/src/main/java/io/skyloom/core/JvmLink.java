package io.skyloom.core;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A transport between nodes of one JVM: each node started with {@link #transport()}
 * reaches the others by node id, and values pass by reference under the same rules as
 * inside one node (Lua tables copied, Java values frozen). Delivery happens on the
 * sender's thread straight into the receiving node, so it keeps the order of each
 * sender. Closing a node tells every other node of the link that it is down. It is the
 * reference transport of the call-contract suite and the way to test several nodes
 * without several processes. Thread-safe.
 */
public final class JvmLink {

    private final ConcurrentHashMap<Integer, Transport.Inbox> nodes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> names = new ConcurrentHashMap<>();

    /** A transport for one more node of this link; give it to exactly one node. */
    public Transport transport() {
        return new Endpoint();
    }

    /** The node ids attached now. */
    public java.util.Set<Integer> nodeIds() {
        return java.util.Set.copyOf(nodes.keySet());
    }

    private final class Endpoint implements Transport {
        private volatile Inbox inbox;   // set once by attach, read by close

        @Override
        public void attach(Inbox in) {
            if (inbox != null) throw new IllegalStateException("this transport is attached already: one per node");
            if (nodes.putIfAbsent(in.nodeId(), in) != null)
                throw new ConfigException("nodeId", "node id " + in.nodeId() + " is already on this link");
            inbox = in;
            for (Inbox other : nodes.values()) if (other != in) other.peerUp(in.nodeId());
        }

        @Override
        public boolean reachable(int nodeId) {
            return nodes.containsKey(nodeId);
        }

        @Override
        public void registerName(String name, int handle) {
            names.put(name, handle);
        }

        @Override
        public int queryName(String name) {
            Integer h = names.get(name);
            return h != null && nodes.containsKey(Handle.nodeId(h)) ? h : 0;
        }

        @Override
        public void retireNames(int handle) {
            names.values().removeIf(h -> h == handle);
        }

        @Override
        public boolean send(int source, int destination, int type, int session, Object payload) {
            Inbox to = nodes.get(Handle.nodeId(destination));
            if (to == null) return false;
            return to.deliver(source, destination, type, session, payload);
        }

        @Override
        public void close() {
            Inbox me = inbox;
            if (me == null || !nodes.remove(me.nodeId(), me)) return;
            for (Inbox other : nodes.values()) other.peerDown(me.nodeId(), "node " + me.nodeId() + " closed");
        }
    }
}
