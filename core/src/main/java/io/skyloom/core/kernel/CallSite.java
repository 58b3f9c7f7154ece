package io.skyloom.core.kernel;

import io.skyloom.core.*;

/**
 * Where a caller waits, as {@link Caller} sees it: a task of a service, which gives its
 * service's baton away while it waits and gets it back with the reply, or a thread
 * calling through the gateway (a Java thread of any kind), which simply parks. Each
 * site keeps its sessions its own way; the rules of a call are Caller's alone.
 */
interface CallSite {

    Node node();

    /** The handle requests come from, and where wake-ups of this site are delivered. */
    int handle();

    /**
     * Binds a fresh session, not in use by any wait of this site, to a new Pending
     * whose reply may come only from {@code peer}.
     */
    Pending open(int peer);

    /** Unbinds a Pending whose request never left (the destination was dead). */
    void withdraw(Pending p);

    /**
     * Parks until a message {@code p} accepts arrives and returns it. An interrupt ends
     * the wait with an {@link InternalType#INTERRUPTED} wake-up and leaves the flag set.
     *
     * @param call true for a call, whose answer may come within microseconds (worth a spin)
     */
    Envelope await(Pending p, boolean call);

    /** Delivers a wake-up ({@link Pending#wake}) to this site's endpoint. */
    void deliver(Envelope wake);
}
