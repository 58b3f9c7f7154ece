package io.skyloom.lua.net;

import io.skyloom.core.Handle;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What every kind of socket of a {@link SocketDriver} shares: its id, who owns it (the
 * one service its messages go to and that may use it), who may claim it next (after
 * {@code abandon}), who else may write to it (the gate's agents), and the one lock that
 * orders its messages, so that nothing is delivered after its close or error message.
 */
abstract class Sock {

    static final int NOBODY = -1;      // claim: nobody may take it over
    static final int ANYONE = 0;       // claim: the first service that starts it

    final SocketDriver driver;
    final int id;
    private final ReentrantLock order = new ReentrantLock();   // held while a message is handed to the kernel
    private boolean ended;                                      // under order: the close or error went out
    private final java.util.ArrayDeque<SocketMessage> held = new java.util.ArrayDeque<>();  // under order: while abandoned

    volatile int owner;                // read by the threads that deliver and by every operation's check
    volatile int claim = NOBODY;
    volatile int writer;               // 0: only the owner writes
    volatile long rtime;               // netstat: when it last read (or accepted), in skynet.now's ticks
    volatile long wtime;               // netstat: when it last wrote

    Sock(SocketDriver driver, int id, int owner) {
        this.driver = driver;
        this.id = id;
        this.owner = owner;
        this.rtime = this.wtime = driver.now();
    }

    abstract String kind();

    /**
     * Delivers a message to the owner unless the socket has ended; false when it was
     * dropped. While the socket is abandoned, messages wait for whoever starts it next,
     * so that nothing the peer sends in between is lost.
     */
    final boolean deliver(SocketMessage m) {
        order.lock();
        try {
            if (ended) return false;
            if (claim != NOBODY) return held.add(m);
            return driver.post(owner, m);
        } finally {
            order.unlock();
        }
    }

    /**
     * The last message (close or error), once; later ones and later data are dropped. An
     * abandoned socket keeps it, and its id, for the service that starts it next.
     */
    final boolean end(SocketMessage last) {
        order.lock();
        try {
            if (ended) return false;
            ended = true;
            if (last != null && claim != NOBODY) {
                held.add(last);
                return true;
            }
            if (last != null) driver.post(owner, last);
        } finally {
            order.unlock();
        }
        driver.forget(this);
        return true;
    }

    /** socket.abandon: the next owner is {@code to} (or anyone); the owner stays until then. */
    final void abandon(int to) {
        order.lock();
        try {
            claim = to;
        } finally {
            order.unlock();
        }
    }

    /**
     * The owner uses it again (closes or shuts it down): it is no longer on offer, so its
     * close goes to the owner and the driver forgets it; what waited for a next owner is dropped.
     */
    final void reclaim() {
        order.lock();
        try {
            claim = NOBODY;
            held.clear();
        } finally {
            order.unlock();
        }
    }

    /**
     * Whether {@code service}'s exit ends it: its own, unless abandoned to another service
     * by name, and one abandoned to {@code service} that it never started.
     */
    final boolean endsWith(int service) {
        int c = claim;
        return owner == service ? c == NOBODY || c == ANYONE || c == service : c == service;
    }

    final boolean ended() {
        order.lock();
        try {
            return ended;
        } finally {
            order.unlock();
        }
    }

    /** Ends it without a word (its owner exited, the node closes). */
    final void discard() {
        if (end(null)) release();
    }

    /** Closes the channels and stops the threads; called once, after the end. */
    abstract void release();

    /** The service asks to close it: flushes what it wrote, then closes and says so. */
    abstract void close();

    /** Closes it now, dropping writes not yet sent, and says so. */
    void shutdown() {
        if (end(SocketMessage.of(SocketMessage.CLOSE, id, 0, null))) release();
    }

    /** Starts delivering to {@code service} (socket.start); the reader begins if it had not. */
    abstract void start(int service);

    void checkUse(int service) {
        if (owner != service)
            throw new SocketRefused("socket " + id + " belongs to service " + Handle.format(owner)
                    + ", not to " + Handle.format(service) + " (it must abandon it to you, and you start it)");
    }

    void checkWrite(int service) {
        if (owner != service && writer != service) checkUse(service);
    }

    /**
     * socket.start by {@code service}: its own, or one abandoned to it (or to anyone). The
     * new owner gets {@code announce} first, then what waited for it, in order.
     */
    final void claim(int service, SocketMessage announce) {
        boolean forget;
        order.lock();
        try {
            int c = claim;
            boolean handover = c != NOBODY && (c == ANYONE || c == service);
            if (!handover) checkUse(service);
            owner = service;
            claim = NOBODY;
            if (announce != null && !(ended && held.isEmpty())) driver.post(service, announce);
            for (SocketMessage m; (m = held.poll()) != null; ) driver.post(service, m);
            forget = ended;
        } finally {
            order.unlock();
        }
        driver.watch(service);
        if (forget) driver.forget(this);
    }

    /** The owner's Lua code took in {@code n} bytes this socket delivered (its bound frees). */
    void taken(int n) {}

    /** A line of netstat. */
    abstract java.util.Map<String, Object> info();
}
