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

    /** skynet.endless(): true once after the monitor found this service stuck. */
    boolean takeEndless();

    /** Tasks of this service waiting for a reply, a sleep or a wakeup (skynet.stat "task"). */
    int waitingTasks();

    /** Messages and resumptions this service has run (skynet.stat "message"). */
    int messages();

    /**
     * skynet.redirect for the gate: sends a client message (PTYPE_CLIENT, no answer
     * expected) whose session is a number of the sender's choosing, a connection's fd.
     * Other types are refused: their sessions belong to the call path.
     */
    boolean sendClient(int destination, int session, Object payload);
}
