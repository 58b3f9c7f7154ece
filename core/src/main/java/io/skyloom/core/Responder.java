package io.skyloom.core;

/**
 * A one-time answer to a request, for answering later or from another task of the
 * service (skynet.response). Using it twice is an error.
 */
public interface Responder {

    /** Answers with {@code payload}; returns false if the caller is gone. */
    boolean ok(Object payload);

    /** Answers with an error; the caller's call throws with this message. */
    boolean fail(String message);

    /** True once answered. */
    boolean used();

    /** The handle of the service that asked (the gateway's for a call from Java). */
    int caller();
}
