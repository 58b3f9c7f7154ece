package io.skyloom.core;

import java.time.Duration;

/**
 * What a service's handler can do, bound to the task that runs the handler: use it
 * only on that task (a Lua coroutine of the service counts as the same task). Blocking
 * methods park the task and let the service handle other messages meanwhile.
 */
public interface Context {

    /** This service's handle. */
    int self();

    /** The node's clock in ticks (centiseconds) since it started (skynet.now). */
    long now();

    /** The message this task is handling, or null in start, a fork or a timeout. */
    Message message();

    /** Sends a message that expects no answer. Returns false if the destination is dead. */
    boolean send(int destination, int type, Object payload);

    /**
     * Sends a request and parks until the answer arrives; returns the answer's payload.
     *
     * @throws ServiceDeadException when the destination is dead or dies before answering
     * @throws CallFailedException when its handler failed
     */
    Object call(int destination, int type, Object payload);

    /**
     * As {@link #call(int, int, Object)}, giving up after {@code timeout} with
     * {@link CallTimeoutException}; only this task waits meanwhile. A zero timeout takes
     * only an answer that is already there; a negative one is refused.
     */
    Object call(int destination, int type, Object payload, Duration timeout);

    /** Answers the current request (skynet.ret). Returns false if it expects no answer. */
    boolean ret(Object payload);

    /** Takes the duty to answer the current request (skynet.response). */
    Responder response();

    /** Parks this task for {@code ticks} centiseconds (skynet.sleep). */
    default void sleep(long ticks) {
        sleep(ticks, null);
    }

    /**
     * Parks this task for {@code ticks} centiseconds, or until {@link #wakeup} with
     * {@code token} (when not null). Returns true when woken early (skynet's "BREAK").
     */
    boolean sleep(long ticks, Object token);

    default void sleep(Duration d) {
        sleep(Math.max(0, (d.toNanos() + 9_999_999) / 10_000_000));
    }

    /** Runs {@code body} as a new task of this service once this one yields or ends. */
    void fork(Runnable body);

    /** Runs {@code body} as a new task of this service after {@code ticks} centiseconds. */
    void timeout(long ticks, Runnable body);

    /** Parks this task until {@link #wakeup} with the same token (skynet.wait). */
    void await(Object token);

    /** Wakes the task waiting on {@code token}; returns false if none waits. */
    boolean wakeup(Object token);

    /** Ends this service now (skynet.exit); does not return. */
    void exit();
}
