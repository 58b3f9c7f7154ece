package io.skyloom.core.kernel;

import io.skyloom.core.*;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * One task of a service, skynet's coroutine: it runs handlers on a runner thread and
 * parks where it blocks. It is the {@link Context} its handlers see and the
 * {@link CallSite} of its calls. Owned by the task itself (whatever thread runs it at
 * the moment: a Lua coroutine of the task parks and resumes on its own thread);
 * {@link #complete} is called by the baton holder.
 */
final class ServiceTask extends WakeCount implements TaskContext, CallSite, Pending.Waiter, Runnable,
        Thread.UncaughtExceptionHandler, java.util.function.BooleanSupplier {

    /**
     * The task running on this thread, if the thread runs a service's task: the thread's
     * uncaught-exception handler is its task (see {@link #adoptThread}), which passes
     * what it is given on to the node's. A slot every thread has, read with two field
     * reads as a thread-local's value is; a thread-local cost each parked task 136 bytes
     * (its map, the map's table of 16 and the entry), 7 % of an idle coroutine.
     */
    static ServiceTask current() {
        return Thread.currentThread().getUncaughtExceptionHandler() instanceof ServiceTask t ? t : null;
    }
    /** Resumes a parked task of a dead service: it unwinds with ServiceExit. */
    static final Envelope KILLED = new Envelope(0, 0, PType.ERROR, 0, null);

    final ServiceCell cell;

    // task only
    private Envelope current;
    private Reply reply;                 // the open request of `current`, until answered or handed out
    private Reply startReply;            // newservice's wait for START: answered by the kernel, not by ret
    private Pending tokenWait;           // the wait a wakeup of our token ends; null: not waiting on one

    private volatile Thread parked;      // the thread to unpark; written before the task hands the baton on
    private volatile Envelope resumeWith; // the message that ends the wait, written by the baton holder
    private Envelope first;              // a runner's first message, until its thread takes it

    /** The task of a new runner thread, which it is the body and handler of, to run {@code first} first. */
    ServiceTask(ServiceCell cell, Envelope first) {
        this.cell = cell;
        this.first = first;
    }

    /** The runner thread's body: the service's messages until the baton goes elsewhere. */
    @Override
    public void run() {
        try {
            Envelope m = first;
            first = null;
            cell.runLoop(this, m);
        } finally {
            cell.node.tasks().countedEnded();
        }
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        cell.node.tasks().uncaught(t, e);
    }

    /** The reply spin's condition: the baton holder handed us the message that ends our wait. */
    @Override
    public boolean getAsBoolean() {
        return resumeWith != null;
    }

    void begin(Envelope m) {
        // Context.message() is null in start and in a fork: the kernel's own messages are
        // no request of the service's, and a fork parked for good would keep its message.
        current = InternalType.isInternal(m.type()) ? null : m;
        Reply r = m.expectsReply() ? new Reply(cell, m.source(), m.session()) : null;
        if (r != null) cell.opened(r);
        // skynet runs start in a task of its own, with no request to answer: ret there
        // answers nothing, and the service's creator is told once start returned.
        if (m.type() == InternalType.START) startReply = r;
        else reply = r;
    }

    /** start returned: the creator waiting in newservice may go on. */
    void started() {
        Reply r = startReply;
        startReply = null;
        if (r != null && !r.used()) r.ok(null);
    }

    /**
     * The handler returned. A request it neither answered nor handed to response() can
     * never be answered now: tell its caller instead of letting it wait forever.
     */
    void end() {
        Reply r = reply;
        current = null;
        reply = null;
        if (r != null && !r.used() && cell.alive()) cell.forgotResponse(r);
    }

    /** Answers the current request with the error, if it is still ours to answer. */
    void failOpen(Throwable t) {
        if (reply != null && !reply.used()) reply.failWith(RemoteError.of(t));
        reply = null;
    }

    /** Pending.Waiter: the baton holder matched our message; the baton is ours now. */
    @Override
    public void complete(Envelope m) {
        resumeWith = m;
        wake(parked);
    }

    /**
     * Pending.Waiter: our service exited while we were parked in a droppable wait; we are
     * never resumed (see {@link Pending#droppable}). The thread goes with the last
     * reference to it: a sleep's timer keeps its wait, and so this task, until it fires.
     */
    @Override
    public void drop() {
        parked = null;
        cell.node.tasks().dropCounted();
    }

    // ---- CallSite ---------------------------------------------------------------------

    @Override
    public int handle() {
        return cell.handle;
    }

    @Override
    public Pending open(int peer) {
        assert owned();
        Pending p = new Pending(cell.newSession(), peer, this);
        cell.waitFor(p);
        return p;
    }

    @Override
    public void withdraw(Pending p) {
        cell.forget(p);
    }

    @Override
    public void deliver(Envelope wake) {
        cell.deliver(wake);
    }

    /** Parks until {@code p} ends; we hold the baton on entry and on return. */
    @Override
    public Envelope await(Pending p, boolean call) {
        assert owned();
        resumeWith = null;
        parked = Thread.currentThread();
        cell.start(); // pass the baton on: to the next message, a resumed task, or IDLE
        // A reply that arrives while we spin unparks a running thread: the permit it
        // leaves only makes a later park return at once, and every park here loops.
        if (call) ReplySpin.forReply(cell.node.workers(), this);
        boolean interrupted = false;
        Envelope r;
        while ((r = resumeWith) == null) {
            arm();
            if (resumeWith == null) LockSupport.park(this);
            settle();
            if (Thread.interrupted() && !interrupted) {
                interrupted = true;
                // Only the baton holder may withdraw us from `waiting`: ask it with a message.
                cell.deliver(p.wake(cell.handle, InternalType.INTERRUPTED));
            }
        }
        if (r == KILLED) throw ServiceExit.INSTANCE;
        cell.adopt();   // current() is still us: this thread parked and ran nothing else meanwhile
        if (interrupted) Thread.currentThread().interrupt();
        return r;
    }

    /** Context methods that touch the service's state may run only where its baton is. */
    private boolean owned() {
        if (!cell.heldByCurrentThread())
            throw new AssertionError("the context of " + cell.label + " was used on " + Thread.currentThread()
                    + ", which does not run that service: pass messages, not contexts");
        return true;
    }

    // ---- Context ----------------------------------------------------------------------

    @Override
    public int self() {
        return cell.handle;
    }

    @Override
    public Node node() {
        return cell.node;
    }

    /** The service was asked to stop: its code should unwind at the next poll. */
    boolean stopping() {
        return !cell.alive();
    }

    @Override
    public long now() {
        return cell.node.clock().now();
    }

    @Override
    public Envelope message() {
        return current;
    }

    @Override
    public boolean send(int destination, int type, Object payload) {
        cell.node.checkRequest(destination, type);
        return cell.node.route(new Envelope(cell.handle, destination, type, 0, payload));
    }

    @Override
    public Object call(int destination, int type, Object payload) {
        cell.node.checkRequest(destination, type);
        return Caller.call(this, destination, type, payload, Caller.FOREVER);
    }

    @Override
    public Object call(int destination, int type, Object payload, Duration timeout) {
        cell.node.checkRequest(destination, type);
        return Caller.call(this, destination, type, payload, Caller.nanos(timeout));
    }

    /**
     * Parks until {@code f} completes, as a message: the completion is a wake-up of a
     * session of ours, so the service's other tasks run meanwhile, as in a call.
     */
    <T> T join(CompletableFuture<T> f) {
        if (!f.isDone()) {
            Pending p = open(Pending.NO_PEER);
            f.whenComplete((v, e) -> cell.deliver(p.wake(cell.handle, InternalType.DONE)));
            await(p, false);
        }
        return f.join();
    }

    @Override
    public boolean ret(Object payload) {
        assert owned();
        if (current != null && current.expectsReply() && reply == null && current.type() != InternalType.START)
            throw new IllegalStateException("the current request was already answered or handed to response()");
        if (reply == null) return false;
        Reply r = reply;
        reply = null;
        return r.ok(payload);
    }

    @Override
    public Responder response() {
        assert owned();
        if (reply == null) throw new IllegalStateException("no request to answer: it expects no answer, or was answered");
        Reply r = reply;
        reply = null;
        return r;
    }

    @Override
    public boolean sleep(long ticks, Object token) {
        return sleep(ticks, token, false);
    }

    @Override
    public boolean sleepDroppable(long ticks, Object token) {
        return sleep(ticks, token, true);
    }

    private boolean sleep(long ticks, Object token, boolean dropOnExit) {
        Pending p = open(Pending.NO_PEER);
        try {
            if (token != null) waitOn(token, p);
            Envelope wake = p.wake(cell.handle, InternalType.TIMEOUT);
            if (ticks <= 0) cell.deliver(wake);
            else schedule(ticks, () -> cell.deliver(wake));
            p.droppable = dropOnExit;
            return await(p, false).type() == InternalType.WOKEN;
        } finally {
            withdraw(p);   // a wait that never parked (token taken, node closing) is off the list
            if (token != null) leave(token, p);
        }
    }

    private void schedule(long ticks, Runnable expiry) {
        long nanos = ticks >= Long.MAX_VALUE / io.skyloom.scheduler.NodeClock.TICK_NANOS ? Long.MAX_VALUE
                : ticks * io.skyloom.scheduler.NodeClock.TICK_NANOS;
        try {
            cell.node.timers().schedule(nanos, expiry);
        } catch (RejectedExecutionException closing) {
            throw new NodeClosedException("node is closed");
        }
    }

    @Override
    public void fork(Runnable body) {
        assert owned();
        cell.deliver(new Envelope(cell.handle, cell.handle, InternalType.FORK, 0, body));
    }

    @Override
    public void timeout(long ticks, Runnable body) {
        assert owned();
        Envelope m = new Envelope(cell.handle, cell.handle, InternalType.FORK, 0, body);
        if (ticks <= 0) cell.deliver(m);
        else schedule(ticks, () -> cell.deliver(m));
    }

    @Override
    public void await(Object token) {
        await(token, false);
    }

    @Override
    public void awaitDroppable(Object token) {
        await(token, true);
    }

    private void await(Object token, boolean dropOnExit) {
        Pending p = open(Pending.NO_PEER);
        try {
            waitOn(token, p);
            p.droppable = dropOnExit;
            await(p, false);
        } finally {
            withdraw(p);   // a wait that never parked (token taken) is off the list
            leave(token, p);
        }
    }

    /** Registers {@code p} as the wait that a wakeup of {@code token} ends. */
    private void waitOn(Object token, Pending p) {
        boolean taken;
        if (token instanceof WaitSlot slot) {
            taken = waitingOn(slot) != null;
            if (!taken) slot.waitSlot(p);
        } else {
            taken = cell.waitTokens.putIfAbsent(token, p) != null;
        }
        if (taken) throw new IllegalStateException("a task already waits on " + token);
        tokenWait = p;
    }

    /** Ends our wait on {@code token}, unless a wakeup ended it already. */
    private void leave(Object token, Pending p) {
        tokenWait = null;
        if (token instanceof WaitSlot slot) {
            if (slot.waitSlot() == p) slot.waitSlot(null);
        } else {
            cell.waitTokens.remove(token, p);
        }
    }

    /** The wait of a task of this service on {@code slot}, or null. */
    private Pending waitingOn(WaitSlot slot) {
        return slot.waitSlot() instanceof Pending p && p.waiter instanceof ServiceTask t && t.cell == cell
                && t.tokenWait == p ? p : null;
    }

    @Override
    public boolean wakeup(Object token) {
        assert owned();
        Pending p;
        if (token instanceof WaitSlot slot) {
            p = waitingOn(slot);
            if (p != null) slot.waitSlot(null);
        } else {
            p = cell.waitTokens.remove(token);
        }
        if (p == null) return false;
        ((ServiceTask) p.waiter).tokenWait = null;     // woken: a second wakeup finds nobody
        cell.deliver(p.wake(cell.handle, InternalType.WOKEN));
        return true;
    }

    @Override
    public boolean takeEndless() {
        return cell.takeEndless();
    }

    @Override
    public Thread batonHolder() {
        return cell.holder();
    }


    @Override
    public int messages() {
        return cell.messages();
    }

    @Override
    public int mqlen() {
        assert owned();
        return cell.mqlen();
    }

    @Override
    public int term(int peer) {
        assert owned();
        return cell.term(peer);
    }

    @Override
    public boolean redirect(int destination, int source, int type, int session, Object payload) {
        cell.node.checkRequest(destination, type);
        if (session < 0) throw new IllegalArgumentException("a session is 0 or positive, not " + session);
        return cell.node.route(new Envelope(source, destination, type, session, payload));
    }

    @Override
    public void adoptThread() {
        cell.adopt();
        Thread.currentThread().setUncaughtExceptionHandler(this);
    }

    @Override
    public void exit() {
        assert owned();
        cell.die("exit", true);
        throw ServiceExit.INSTANCE;
    }
}
