package io.skyloom.core.kernel;

import io.skyloom.core.*;

/**
 * Something a handle names: a service with its mailbox, or the Java gateway. The node
 * delivers messages to it from any thread.
 */
interface Endpoint {

    int handle();

    /**
     * Takes a message addressed to this endpoint. Called from any thread; must not
     * block. Returns false when the endpoint is gone (the sender then treats the
     * destination as dead).
     */
    boolean deliver(Envelope m);

    /**
     * Ends the endpoint; every caller waiting on it is answered with an error. From the
     * moment it returns the endpoint takes no message and counts as dead, as skynet's
     * kill retires the handle at once, even if a handler is still unwinding.
     */
    void kill(String reason);

    /** False once killed or exited. */
    boolean alive();

    /** A short description for logs and errors ("lua service echo", "gateway"). */
    String describe();
}
