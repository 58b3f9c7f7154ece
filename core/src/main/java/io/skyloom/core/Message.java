package io.skyloom.core;

/**
 * One message as a service sees it: (source, destination, protocol type, session,
 * payload), as skynet's. A session of 0 means no reply is expected; replies carry the
 * session of the request they answer. Only the kernel makes messages: services send
 * with {@link Context#send} and {@link Context#call}.
 */
public interface Message {

    int source();

    int destination();

    int type();

    int session();

    Object payload();

    /**
     * True when this is a request that expects a reply. A client message never does: its
     * session is a connection's fd (skynet's gate puts it there).
     */
    default boolean expectsReply() {
        return session() != 0 && !PType.isReply(type()) && type() != PType.CLIENT;
    }
}
