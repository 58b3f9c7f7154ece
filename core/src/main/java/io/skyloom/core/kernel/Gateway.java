package io.skyloom.core.kernel;

import io.skyloom.core.*;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java gateway: the service named {@code .java} (and {@code .python}, so pyskynet
 * scripts run unchanged) through which Java code calls services and is called by them.
 * Unlike a service it has no baton: every incoming request starts its own virtual
 * thread, so a Java handler may block freely, and every Java thread may call through it
 * at once; its calls are {@link Caller}'s like every other, each thread being its own
 * {@link CallSite}. Thread-safe.
 */
public final class Gateway implements Endpoint {

    /** Answers one request to the gateway; the return value is the reply's payload. */
    @FunctionalInterface
    public interface RequestHandler {
        Object handle(Envelope request) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger("io.skyloom.gateway");

    private final Node node;
    private final int handle;
    private final String label;
    private final AtomicInteger lastSession = new AtomicInteger();
    private final ConcurrentHashMap<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, RequestHandler> handlers = new ConcurrentHashMap<>();
    private final DropLog dropped = new DropLog();
    private final LogLimiter failures = new LogLimiter(LOG);
    private final AtomicInteger interruptedByClose = new AtomicInteger();
    private volatile String closedReason;   // read by callers to fail at once after close

    Gateway(Node node, int handle) {
        this.node = node;
        this.handle = handle;
        this.label = "gateway " + Handle.format(handle);
    }

    @Override
    public int handle() {
        return handle;
    }

    @Override
    public String describe() {
        return label;
    }

    /** Sets the handler for requests of protocol {@code type}, replacing any earlier one. */
    public void handle(int type, RequestHandler h) {
        handlers.put(type, h);
    }

    // ---- incoming ---------------------------------------------------------------------

    @Override
    public boolean deliver(Envelope m) {
        if (PType.isReply(m.type()) || InternalType.isWake(m.type())) {
            Pending p = pending.get(m.session());
            if (p != null && p.accepts(m) && pending.remove(m.session(), p)) p.waiter.complete(m);
            else dropped.reply(label, m, p != null);
            return true;
        }
        if (closedReason != null) return false;
        return node.startTask("gateway:" + PType.name(m.type()) + "#" + m.session(), () -> serve(m));
    }

    private void serve(Envelope m) {
        RequestHandler h = handlers.get(m.type());
        Object result;
        try {
            if (h == null) throw new SkyloomException("the Java gateway has no handler for " + PType.name(m.type()) + " messages");
            result = h.handle(m);
        } catch (Throwable t) {
            if (closedReason != null && endedByClose(t)) interruptedByClose.incrementAndGet();
            else {
                failures.warn(label + " handler failed on " + PType.name(m.type()) + " from " + Handle.format(m.source()), t);
                node.events().failed(label, "a " + PType.name(m.type()) + " message from " + Handle.format(m.source()), t, m.expectsReply());
            }
            if (m.expectsReply()) node.route(new Envelope(handle, m.source(), PType.ERROR, m.session(), RemoteError.of(t)));
            return;
        }
        if (m.expectsReply()) node.route(new Envelope(handle, m.source(), PType.RESPONSE, m.session(), result));
    }

    /** A handler that was blocked when the node closed ends with the interrupt close sent it. */
    private static boolean endedByClose(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause())
            if (c instanceof InterruptedException || c instanceof CallInterruptedException
                    || c instanceof NodeClosedException || c instanceof ServiceDeadException) return true;
        return false;
    }

    /** Handlers that ended because close interrupted them (close reports the count). */
    int interruptedByClose() {
        return interruptedByClose.get();
    }

    // ---- outgoing ---------------------------------------------------------------------

    boolean send(int destination, int type, Object payload) {
        checkOpen();
        node.checkRequest(destination, type);
        return node.route(new Envelope(handle, destination, type, 0, payload));
    }

    /** Calls from any thread; parks the caller. */
    Object call(int destination, int type, Object payload, long timeoutNanos) {
        checkOpen();
        return Caller.call(new GatewayCall(new ThreadWait(Thread.currentThread())), destination, type, payload, timeoutNanos);
    }

    /** Calls without blocking; the future completes on a gateway thread, never on a service's. */
    CompletableFuture<Object> callAsync(int destination, int type, Object payload, long timeoutNanos) {
        checkOpen();
        Caller.AsyncReply reply = new Caller.AsyncReply(destination, timeoutNanos);
        GatewayCall site = new GatewayCall(reply);
        reply.site = site;
        try {
            Caller.start(site, destination, type, payload, timeoutNanos);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return reply.future;
    }

    /** For tests of the wrap: the next session is {@code last + 1} (masked to 31 bits). */
    void seedSessions(int last) {
        lastSession.set(last);
    }

    /** A call site for the calling thread (newservice's wait for start outside a service). */
    CallSite site() {
        return new GatewayCall(new ThreadWait(Thread.currentThread()));
    }

    private Pending register(int peer, Pending.Waiter w) {
        for (;;) {
            int s = lastSession.incrementAndGet() & Integer.MAX_VALUE;
            if (s == 0) continue;
            Pending p = new Pending(s, peer, w);
            if (pending.putIfAbsent(s, p) == null) return p;
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
        for (Integer s : pending.keySet()) {
            Pending p = pending.remove(s);
            if (p != null)
                p.waiter.complete(new Envelope(p.peer, handle, PType.ERROR, s, RemoteError.dead("node closed: " + reason)));
        }
    }

    // ---- call sites -------------------------------------------------------------------

    /** One call through the gateway; its waiter says how the caller waits for the reply. */
    private final class GatewayCall implements CallSite {
        private final Pending.Waiter waiter;    // a ThreadWait, or an asynchronous call's reply

        GatewayCall(Pending.Waiter waiter) {
            this.waiter = waiter;
        }

        @Override
        public Node node() {
            return node;
        }

        @Override
        public int handle() {
            return handle;
        }

        @Override
        public Pending open(int peer) {
            Pending p = register(peer, waiter);
            // Before the request leaves: the reply may come back before start returns.
            if (waiter instanceof Caller.AsyncReply r) r.pending = p;
            return p;
        }

        @Override
        public void withdraw(Pending p) {
            pending.remove(p.session, p);
        }

        @Override
        public void deliver(Envelope wake) {
            Gateway.this.deliver(wake);
        }

        @Override
        public Envelope await(Pending p, boolean call) {
            if (waiter instanceof ThreadWait t) return t.await(p, call);
            throw new UnsupportedOperationException("an asynchronous call does not wait");
        }
    }

    /** A thread waiting for its call's reply: it parks itself. */
    private final class ThreadWait implements Pending.Waiter {
        private final Thread thread;
        private final WakeCount wakes = new WakeCount();
        private volatile Envelope reply;

        ThreadWait(Thread thread) {
            this.thread = thread;
        }

        @Override
        public void complete(Envelope m) {
            reply = m;
            wakes.wake(thread);
        }

        Envelope await(Pending p, boolean call) {
            if (call) ReplySpin.forReply(node.workers(), () -> reply != null);
            boolean interrupted = false;
            Envelope r;
            while ((r = reply) == null) {
                wakes.arm();
                if (reply == null) LockSupport.park(this);
                wakes.settle();
                if (Thread.interrupted() && !interrupted) {
                    interrupted = true;
                    Gateway.this.deliver(p.wake(handle, InternalType.INTERRUPTED));
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
            return r;
        }
    }
}
