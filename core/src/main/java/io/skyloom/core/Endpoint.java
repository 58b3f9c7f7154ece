package io.skyloom.core;

/**
 * Something a handle names: a service with its mailbox, or the Java gateway. The node
 * delivers messages to it from any thread.
 */
public interface Endpoint {

    int handle();

    /**
     * Takes a message addressed to this endpoint. Called from any thread; must not
     * block. Returns false when the endpoint is gone (the sender then treats the
     * destination as dead).
     */
    boolean deliver(Message m);

    /** Ends the endpoint; every caller waiting on it is answered with an error. */
    void kill(String reason);

    /** A short description for logs and errors ("lua service echo", "gateway"). */
    String describe();
}
