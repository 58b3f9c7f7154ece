package io.skyloom.core.kernel;

import io.skyloom.core.*;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * The one implementation of a call, whoever makes it (a service's task, a Lua
 * coroutine of one, a gateway thread, a platform thread): a fresh session bound to the
 * callee, the request routed locally or through the transport, a dead destination
 * failing at once, an optional deadline that is a message like any other, the park,
 * and the reply turned into a result or an exception. Stateless.
 */
final class Caller {

    /** No deadline. */
    static final long FOREVER = -1;

    private Caller() {}

    /** Calls and parks; {@code timeoutNanos} is {@link #FOREVER} or at least 0. */
    static Object call(CallSite site, int destination, int type, Object payload, long timeoutNanos) {
        Pending p = start(site, destination, type, payload, timeoutNanos);
        Envelope reply;
        try {
            reply = site.await(p, true);
        } finally {
            finish(site, p);
        }
        return outcome(reply, destination, timeoutNanos);
    }

    /**
     * Sends the request and arms the deadline; the caller then waits for the Pending
     * its own way and calls {@link #finish} once it got the message.
     */
    static Pending start(CallSite site, int destination, int type, Object payload, long timeoutNanos) {
        Node node = site.node();
        Pending p = site.open(destination);
        boolean routed;
        try {
            routed = node.route(new Envelope(site.handle(), destination, type, p.session, payload));
        } catch (RuntimeException cannotCross) {     // a transport refused the payload: nothing left
            site.withdraw(p);
            throw cannotCross;
        }
        if (!routed) {
            site.withdraw(p);
            throw node.deadDestination(destination);
        }
        if (p.isRemote(node.nodeId())) node.peerCalls().watch(site, p);
        if (timeoutNanos == 0) {
            site.deliver(p.wake(site.handle(), InternalType.TIMEOUT));
        } else if (timeoutNanos > 0) {
            try {
                p.timer = node.timers().schedule(timeoutNanos, () -> site.deliver(p.wake(site.handle(), InternalType.TIMEOUT)));
            } catch (RejectedExecutionException closing) {
                site.deliver(p.wake(site.handle(), InternalType.TIMEOUT));
            }
        }
        return p;
    }

    /** The wait of {@code p} is over: its deadline and its peer watch go. */
    static void finish(CallSite site, Pending p) {
        if (p.timer != null) p.timer.cancel();
        if (p.isRemote(site.node().nodeId())) site.node().peerCalls().unwatch(site, p);
    }

    /** The result of a call from the message that ended its wait. */
    static Object outcome(Envelope m, int destination, long timeoutNanos) {
        switch (m.type()) {
            case PType.RESPONSE:
                return m.payload();
            case InternalType.TIMEOUT:
                throw new CallTimeoutException("no answer from " + Handle.format(destination) + " within "
                        + Duration.ofNanos(Math.max(0, timeoutNanos)).toMillis() + " ms");
            case InternalType.INTERRUPTED:
                throw new CallInterruptedException("interrupted while calling " + Handle.format(destination));
            default: {
                Object e = m.payload();
                RemoteError err = e instanceof RemoteError r ? r : new RemoteError(String.valueOf(e), "", false);
                throw err.toException(Handle.format(destination));
            }
        }
    }

    /** {@code timeout} in nanoseconds for {@link #call}; refuses a negative one. */
    static long nanos(Duration timeout) {
        if (timeout == null) throw new IllegalArgumentException("timeout is null");
        if (timeout.isNegative()) throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }


    /** An asynchronous call's waiter: hands the reply to a new thread that completes the future. */
    static final class AsyncReply implements Pending.Waiter {
        final CompletableFuture<Object> future = new CompletableFuture<>();
        CallSite site;                      // set once, before the call starts
        private final int destination;
        private final long timeoutNanos;
        Pending pending;                    // set right after open, before the request leaves

        AsyncReply(int destination, long timeoutNanos) {
            this.destination = destination;
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public void complete(Envelope m) {
            // Completing runs the caller's continuations: never on the replier's thread.
            Runnable finish = () -> {
                Caller.finish(site, pending);
                try {
                    future.complete(outcome(m, destination, timeoutNanos));
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                }
            };
            if (!site.node().startTask("gateway:reply#" + m.session(), finish)) Thread.ofVirtual().start(finish);
        }
    }
}
