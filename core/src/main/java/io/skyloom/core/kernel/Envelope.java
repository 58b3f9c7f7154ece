package io.skyloom.core.kernel;

import io.skyloom.core.Handle;
import io.skyloom.core.Message;
import io.skyloom.core.PType;

/**
 * The kernel's message: immutable except for the mailbox link, which only the mailbox
 * touches (an intrusive queue: one envelope is in one mailbox at a time, so the kernel
 * never delivers one object twice).
 */
public final class Envelope implements Message {

    private final int source;
    private final int destination;
    private final int type;
    private final int session;
    private final Object payload;
    volatile Envelope next;              // MpscMailbox link: written by producers, read by the consumer

    Envelope(int source, int destination, int type, int session, Object payload) {
        this.source = source;
        this.destination = destination;
        this.type = type;
        this.session = session;
        this.payload = payload;
    }

    @Override
    public int source() {
        return source;
    }

    @Override
    public int destination() {
        return destination;
    }

    @Override
    public int type() {
        return type;
    }

    @Override
    public int session() {
        return session;
    }

    @Override
    public Object payload() {
        return payload;
    }

    @Override
    public boolean expectsReply() {
        // skynet's client messages carry a connection's fd in the session (the gate's
        // redirect) and are never answered
        return session != 0 && !PType.isReply(type) && type != PType.CLIENT;
    }

    @Override
    public String toString() {
        String name = InternalType.name(type);
        return (name != null ? name : PType.name(type)) + " " + Handle.format(source) + "->" + Handle.format(destination)
                + " session " + session;
    }
}
