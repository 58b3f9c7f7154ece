package io.skyloom.core.kernel;

import io.skyloom.core.*;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An unbounded FIFO of messages, linked through {@link Envelope#next} (Vyukov's
 * intrusive MPSC queue). Any thread may {@link #offer}; only the one consumer at a
 * time may {@link #poll} (the holder of the service's baton, or whoever holds the
 * retirement lock once the service is dead).
 */
final class MpscMailbox {

    private static final VarHandle TAIL, NEXT;
    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(MpscMailbox.class, "tail", Envelope.class);
            NEXT = MethodHandles.lookup().findVarHandle(Envelope.class, "next", Envelope.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Envelope head;                  // consumer only: the last message polled (a stub)
    @SuppressWarnings("unused")
    private volatile Envelope tail;         // producers swap themselves in here

    MpscMailbox() {
        Envelope stub = new Envelope(0, 0, -1, 0, null);
        head = stub;
        tail = stub;
    }

    void offer(Envelope m) {
        Envelope prev = (Envelope) TAIL.getAndSet(this, m);
        // Between the swap and this store the queue is briefly unlinked: poll sees an
        // empty queue and the producer's own activation check covers the gap.
        // Release pairs with the consumer's volatile read of next: m's fields are visible.
        NEXT.setRelease(prev, m);
    }

    /**
     * The oldest message, or null when empty (or when a producer is mid-offer). The message
     * returned stays the stub until the next poll, which unlinks it: a message somebody
     * keeps (a parked task's current request, a timer's wake-up) must not keep every later
     * message of the mailbox reachable, or 100 000 sleepers pin the whole traffic since.
     */
    Envelope poll() {
        Envelope old = head;
        Envelope next = old.next;
        if (next == null) return null;
        head = next;
        NEXT.set(old, null);     // nobody reads a polled stub's link again: a plain store
        return next;
    }

    /**
     * Messages linked now (skynet.mqlen). Consumer only: it walks the queue, so it costs
     * nothing until asked, which a counter on every offer and poll would.
     */
    int size() {
        int n = 0;
        for (Envelope e = head.next; e != null; e = e.next) n++;
        return n;
    }

    /** True when no message is linked; a producer mid-offer still counts as non-empty. */
    boolean isEmpty() {
        return head.next == null && head == tail;
    }
}
