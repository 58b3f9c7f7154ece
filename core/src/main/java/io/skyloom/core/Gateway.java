package io.skyloom.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java gateway: the service named {@code .java} (and {@code .python}, so pyskynet
 * scripts run unchanged) through which Java code calls services and is called by them.
 * Unlike a service it has no baton: every incoming request starts its own virtual
 * thread, so a Java handler may block freely, and every Java thread may call through it
 * at once. Thread-safe.
 */
public final class Gateway implements Endpoint {

    /** Answers one request to the gateway; the return value is the reply's payload. */
    @FunctionalInterface
    public interface RequestHandler {
        Object handle(Message request) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger("io.skyloom.gateway");

    private final Node node;
    private final int handle;
    private final AtomicInteger lastSession = new AtomicInteger();
    private final ConcurrentHashMap<Integer, Waiter> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, RequestHandler> handlers = new ConcurrentHashMap<>();
    private volatile String closedReason;   // read by callers to fail at once after close

    Gateway(Node node, int handle) {
        this.node = node;
        this.handle = handle;
    }

    @Override
    public int handle() {
        return handle;
    }

    @Override
    public String describe() {
        return "gateway " + Handle.format(handle);
    }

    /** Sets the handler for requests of protocol {@code type}, replacing any earlier one. */
    public void handle(int type, RequestHandler h) {
        handlers.put(type, h);
    }

    // ---- incoming ---------------------------------------------------------------------

    @Override
    public boolean deliver(Message m) {
        if (PType.isReply(m.type())) {
            Waiter w = pending.remove(m.session());
            if (w != null) w.complete(m);
            return true;
        }
        if (closedReason != null) return false;
        try {
            CarrierDemand.made();
            node.tasks().start("gateway:" + PType.name(m.type()) + "#" + m.session(), () -> {
                CarrierDemand.running();
                serve(m);
            });
            return true;
        } catch (RejectedExecutionException closing) {
            CarrierDemand.running();   // it never will
            return false;
        }
    }

    private void serve(Message m) {
        RequestHandler h = handlers.get(m.type());
        Object result;
        try {
            if (h == null) throw new SkyloomException("the Java gateway has no handler for " + PType.name(m.type()) + " messages");
            result = h.handle(m);
        } catch (Throwable t) {
            LOG.warn("{} handler failed on {}", Handle.format(handle), m, t);
            if (m.expectsReply()) node.deliver(new Message(handle, m.source(), PType.ERROR, m.session(), RemoteError.of(t)));
            return;
        }
        if (m.expectsReply()) node.deliver(new Message(handle, m.source(), PType.RESPONSE, m.session(), result));
    }

    // ---- outgoing ---------------------------------------------------------------------

    boolean send(int destination, int type, Object payload) {
        checkOpen();
        return node.deliver(new Message(handle, destination, type, 0, payload));
    }

    /** Calls from any thread; parks the caller. {@code timeoutNanos} <= 0 waits as long as it takes. */
    Object call(int destination, int type, Object payload, long timeoutNanos) {
        checkOpen();
        SyncWaiter w = new SyncWaiter(Thread.currentThread());
        int session = register(w);
        if (!node.deliver(new Message(handle, destination, type, session, payload))) {
            pending.remove(session);
            throw node.deadDestination(destination);
        }
        Message reply = w.await(timeoutNanos, node.workers());
        if (reply == null) {
            pending.remove(session);
            if (Thread.currentThread().isInterrupted())
                throw new CallInterruptedException("interrupted while calling " + Handle.format(destination));
            throw new CallTimeoutException("no answer from " + Handle.format(destination) + " within "
                    + timeoutNanos / 1_000_000 + " ms");
        }
        return Replies.payloadOf(reply, destination);
    }

    /** Calls without blocking; the future completes on a gateway thread, never on a service's. */
    CompletableFuture<Object> callAsync(int destination, int type, Object payload) {
        checkOpen();
        AsyncWaiter w = new AsyncWaiter(destination);
        int session = register(w);
        if (!node.deliver(new Message(handle, destination, type, session, payload))) {
            pending.remove(session);
            w.future.completeExceptionally(node.deadDestination(destination));
        }
        return w.future;
    }

    private int register(Waiter w) {
        for (;;) {
            int s = lastSession.incrementAndGet() & Integer.MAX_VALUE;
            if (s != 0 && pending.putIfAbsent(s, w) == null) return s;
        }
    }

    private void checkOpen() {
        String reason = closedReason;
        if (reason != null) throw new NodeClosedException("node " + node.name() + " is closed: " + reason);
    }

    @Override
    public boolean alive() {
        return closedReason == null;
    }

    @Override
    public void kill(String reason) {
        closedReason = reason;
        Message closed = new Message(0, handle, PType.ERROR, 0, RemoteError.dead("node closed: " + reason));
        for (Integer s : pending.keySet()) {
            Waiter w = pending.remove(s);
            if (w != null) w.complete(closed);
        }
    }

    // ---- waiters ----------------------------------------------------------------------

    private interface Waiter {
        /** Called by the replier's thread: must not block or run user code. */
        void complete(Message reply);
    }

    private static final class SyncWaiter implements Waiter {
        private final Thread thread;
        private final WakeCount wakes = new WakeCount();
        private volatile Message reply;

        SyncWaiter(Thread thread) {
            this.thread = thread;
        }

        @Override
        public void complete(Message m) {
            reply = m;
            wakes.wake(thread);
        }

        /** The reply, or null on timeout or interrupt (the interrupt flag stays set). */
        Message await(long timeoutNanos, io.skyloom.scheduler.WorkerPool workers) {
            long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
            ReplySpin.forReply(workers, () -> reply != null);
            Message r;
            while ((r = reply) == null) {
                if (Thread.currentThread().isInterrupted()) return null;
                long left = deadline == 0 ? 0 : deadline - System.nanoTime();
                if (deadline != 0 && left <= 0) return null;
                wakes.arm();
                if (reply == null) {
                    if (deadline == 0) LockSupport.park(this);
                    else LockSupport.parkNanos(this, left);
                }
                wakes.settle();
            }
            return r;
        }
    }

    private final class AsyncWaiter implements Waiter {
        final CompletableFuture<Object> future = new CompletableFuture<>();
        private final int destination;

        AsyncWaiter(int destination) {
            this.destination = destination;
        }

        @Override
        public void complete(Message m) {
            // Completing runs the caller's continuations: never on the replier's thread.
            Runnable finish = () -> {
                try {
                    future.complete(Replies.payloadOf(m, destination));
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                }
            };
            CarrierDemand.made();
            Runnable counted = () -> {
                CarrierDemand.running();
                finish.run();
            };
            try {
                node.tasks().start("gateway:reply#" + m.session(), counted);
            } catch (RejectedExecutionException closing) {
                Thread.ofVirtual().start(counted);
            }
        }
    }
}
