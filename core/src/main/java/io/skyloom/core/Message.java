package io.skyloom.core;

/**
 * One message: (source, destination, protocol type, session, payload), as skynet's.
 * A session of 0 means no reply is expected; replies carry the session of the request
 * they answer. Immutable except for the mailbox link, which only the mailbox touches.
 */
public final class Message {

    private final int source;
    private final int destination;
    private final int type;
    private final int session;
    private final Object payload;
    volatile Message next;               // MpscMailbox link: written by producers, read by the consumer

    public Message(int source, int destination, int type, int session, Object payload) {
        this.source = source;
        this.destination = destination;
        this.type = type;
        this.session = session;
        this.payload = payload;
    }

    public int source() {
        return source;
    }

    public int destination() {
        return destination;
    }

    public int type() {
        return type;
    }

    public int session() {
        return session;
    }

    public Object payload() {
        return payload;
    }

    /** True when this is a request that expects a reply. */
    public boolean expectsReply() {
        return session != 0 && !PType.isReply(type);
    }

    @Override
    public String toString() {
        return PType.name(type) + " " + Handle.format(source) + "->" + Handle.format(destination)
                + " session " + session;
    }
}
