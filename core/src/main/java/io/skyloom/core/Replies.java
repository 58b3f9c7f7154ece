package io.skyloom.core;

/**
 * The one rule for turning a reply into a result, shared by service tasks and the
 * gateway: a response gives its payload, an error reply throws what the caller should
 * see.
 */
final class Replies {
    private Replies() {}

    static Object payloadOf(Message reply, int destination) {
        if (reply.type() == PType.RESPONSE) return reply.payload();
        Object p = reply.payload();
        RemoteError err = p instanceof RemoteError e ? e : new RemoteError(String.valueOf(p), "", false);
        throw err.toException(Handle.format(destination));
    }
}
