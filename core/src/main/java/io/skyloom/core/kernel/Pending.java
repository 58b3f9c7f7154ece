package io.skyloom.core.kernel;

import io.skyloom.core.*;

import io.skyloom.scheduler.TimerWheel;

/**
 * One wait of an endpoint for a message with its session: a call's reply, or a
 * kernel wake-up (a sleep's end, a wakeup, a timeout, an interrupt). The endpoint keeps
 * it under its session until {@link #accepts} a message, then hands that message to
 * {@link #waiter}.
 *
 * <p>A reply is accepted only from {@link #peer}, the handle the request went to: any
 * other service sending a response with a guessed session is not the callee, and its
 * message is dropped. Wake-ups are accepted only when they name this very Pending, so
 * one meant for an earlier wait on a reused session cannot end this one. Immutable but
 * for {@link #timer}, which the caller sets and cancels itself, {@link #droppable}, and
 * the links of its endpoint's list.
 */
final class Pending {

    /** Gets the message that ends the wait; called by whoever matched it. Must not block. */
    interface Waiter {
        void complete(Envelope m);

        /** The wait was {@link #droppable} and its endpoint is gone: it never ends. Must not block. */
        default void drop() {
            throw new UnsupportedOperationException("a wait of " + this + " cannot be dropped");
        }
    }

    /** peer of a wait that no reply may end (a sleep, a wait, a join): only wake-ups do. */
    static final int NO_PEER = 0;

    final int session;
    final int peer;
    final Waiter waiter;
    TimerWheel.Timer timer;             // the caller's deadline, if any: caller only
    Pending prev, next;                 // a wait with no peer: its cell's list of them (ServiceCell.sleeping)
    boolean listed;                     // on that list; baton holder only
    /**
     * Nothing under this wait needs unwinding (a script's wait or sleep): when its service
     * exits, and the JVM lets the collector take unreferenced virtual threads, its waiter is
     * dropped rather than resumed to unwind (29 us a task: 29 s for a million idle
     * coroutines). Set by the waiter before it parks.
     */
    boolean droppable;

    Pending(int session, int peer, Waiter waiter) {
        this.session = session;
        this.peer = peer;
        this.waiter = waiter;
    }

    /** True when {@code m} (of this session) may end this wait. */
    boolean accepts(Envelope m) {
        if (InternalType.isWake(m.type())) return m.payload() == this;
        return PType.isReply(m.type()) && peer != NO_PEER && m.source() == peer;
    }

    /** A wake-up of this wait, for {@code endpoint}'s mailbox. */
    Envelope wake(int endpoint, int type) {
        return new Envelope(endpoint, endpoint, type, session, this);
    }

    boolean isRemote(int nodeId) {
        return peer != NO_PEER && Handle.nodeId(peer) != nodeId;
    }
}
