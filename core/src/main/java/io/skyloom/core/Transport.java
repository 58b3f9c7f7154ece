package io.skyloom.core;

/**
 * Carries messages between nodes: everything addressed to a handle whose node id (its
 * high 8 bits) is not the local node's goes through the node's one transport, and
 * whatever it receives comes in through the {@link Inbox} it was attached to. The
 * kernel keeps every rule of a call on both sides (sessions, who may answer, dead
 * services, deadlines, a peer going down), so a transport only moves bytes or
 * objects and says which peers live. In-process delivery is the reference behaviour;
 * every transport passes the same call-contract suite.
 *
 * <p>Implementations are thread-safe: {@link #send} is called from any thread and must
 * not block for long (no waiting for the peer).
 */
public interface Transport {

    /** Called once, by the node that starts with this transport, before any send. */
    void attach(Inbox inbox);

    /**
     * Carries one message to the node of {@code destination}. Returns false when no live
     * node serves that id, or when the transport knows at once that no service there
     * has that handle: the sender then fails at once. A transport that cannot know (one
     * across processes) returns true once the message is on its way; a request to a dead
     * service then fails with the error reply the far node sends.
     */
    boolean send(int source, int destination, int type, int session, Object payload);

    /** The node is closing: stop carrying, release what the transport holds. */
    void close();

    /** True while a node with this id is up, as far as the transport knows. */
    default boolean reachable(int nodeId) {
        return false;
    }

    /**
     * Binds a global name (skynet's names without a leading dot) to a handle, for every
     * node of this transport; the last binding of a name wins, as in skynet's harbor.
     */
    default void registerName(String name, int handle) {
        throw new UnsupportedOperationException("this transport has no global names");
    }

    /** The handle a global name is bound to on a live node, or 0. */
    default int queryName(String name) {
        return 0;
    }

    /** {@code handle} has exited: its global names go with it. */
    default void retireNames(int handle) {}

    /** The node's side of a transport. Thread-safe. */
    interface Inbox {

        /** The id of the node (1-255) this inbox belongs to. */
        int nodeId();

        /**
         * A message from another node for a handle of this one; false when no such
         * service lives. A request to a service that does not exist is also answered
         * with an error reply, so a sender that could not be told at once learns it.
         */
        boolean deliver(int source, int destination, int type, int session, Object payload);

        /**
         * The node {@code nodeId} stopped or cannot be reached: every call waiting on
         * one of its services fails now, naming {@code reason}.
         */
        void peerDown(int nodeId, String reason);

        /** The node {@code nodeId} can be reached (it started, or came back). */
        default void peerUp(int nodeId) {}

        /**
         * The transport's reader spins on its queue ({@code true}) or sleeps until woken
         * ({@code false}); called on each change, from the reader. While a reader spins, the
         * node's callers do not spin for replies nor its runners for mail: a reply from
         * another node comes through the reader, which sees it first, and on a host with
         * few cores their spinning takes the core the reader (or the other node) needs.
         */
        default void readerSpinning(boolean spinning) {}
    }
}
