package io.skyloom.core.kernel;

import io.skyloom.core.Context;

/**
 * What a script host needs of a task beyond what a Java service sees: the node, and
 * moving the task to another thread (a Lua coroutine body runs on a strand of its
 * own). Only Skyloom's own modules use it.
 */
public interface TaskContext extends Context {

    Node node();

    /**
     * The calling thread takes over this task and its service's baton. Call it on the
     * thread that continues the task, right as it continues (one task, several threads,
     * never at once).
     */
    void adoptThread();

    /**
     * {@link #await(Object)} for a park under which no frame needs unwinding (a script's
     * wait: its own frames hold no lock and no resource). If the service exits meanwhile
     * and the JVM lets the collector take unreferenced virtual threads
     * ({@code -Djdk.trackAllThreads=false}), the task is dropped where it parked, never
     * resumed: no finally block under the park runs.
     */
    void awaitDroppable(Object token);

    /** {@link #sleep(long, Object)} as {@link #awaitDroppable} is {@link #await(Object)}. */
    boolean sleepDroppable(long ticks, Object token);

    /** skynet.endless(): true once after the monitor found this service stuck. */
    boolean takeEndless();

    /**
     * The thread that holds this task's service's baton now, or null: what the endless
     * monitor reads a stuck service's stack from. Any thread; a snapshot.
     */
    Thread batonHolder();

    /** Messages and resumptions this service has run (skynet.stat "message"). */
    int messages();

    /** Messages waiting in this service's mailbox (skynet.mqlen). */
    int mqlen();

    /**
     * skynet.term(peer): every call of this service waiting on {@code peer} fails now with
     * a dead-service error, as if peer had died (the answer comes in as peer's, the one
     * reply those calls accept). Returns how many calls it ended.
     */
    int term(int peer);

    /**
     * Sends a message as if from {@code source} (skynet.redirect): a forwarder passes a
     * message on so that its receiver sees, and answers, the original sender. Replies and
     * the kernel's types are refused as for any send. False when the destination is dead.
     */
    boolean redirect(int destination, int source, int type, int session, Object payload);
}
