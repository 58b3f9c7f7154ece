package io.skyloom.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * One task of a service, skynet's coroutine: it runs handlers on a runner thread and
 * parks where it blocks. It is the {@link Context} its handlers see. Owned by the task
 * itself (whatever thread runs it at the moment: a Lua coroutine of the task parks and
 * resumes on its own thread); {@link #resume} is called by the baton holder.
 */
final class ServiceTask implements Context {

    /** The task running on this thread, if the thread runs a service's task. */
    static final ThreadLocal<ServiceTask> CURRENT = new ThreadLocal<>();
    /** Resumes a parked task of a dead service: it unwinds with ServiceExit. */
    static final Message KILLED = new Message(0, 0, PType.ERROR, 0, null);
    private static final Object INTERRUPTED = new Object();
    private static final Object WOKEN = new Object();

    private final ServiceCell cell;

    // task only
    private Message current;
    private Reply reply;                 // the open request of `current`, until answered or handed out
    private int tokenSession;            // the session a wakeup of our wait token answers; 0: not waiting

    private volatile Thread parked;      // the thread to unpark; written before the task hands the baton on
    private volatile Message resumeWith; // the reply that ends the wait, written by the baton holder
    private final WakeCount wakes = new WakeCount();

    ServiceTask(ServiceCell cell) {
        this.cell = cell;
    }

    void begin(Message m) {
        current = m;
        reply = m.expectsReply() ? new Reply(cell, m.source(), m.session()) : null;
        if (reply != null) cell.open.add(reply);
    }

    void end() {
        current = null;
        reply = null;   // an unanswered request stays open until answered or the service exits
    }

    /** Answers the current request with the error, if it is still ours to answer. */
    void failOpen(Throwable t) {
        if (reply != null && !reply.used()) reply.failWith(RemoteError.of(t));
    }

    void resume(Message m) {
        resumeWith = m;
        wakes.wake(parked);
    }

    /** Parks until the reply for {@code session} arrives; we hold the baton on entry and on return. */
    Message awaitReply(int session) {
        return awaitReply(session, false);
    }

    /** As above; {@code spin}: a call, whose reply may come within microseconds. */
    private Message awaitReply(int session, boolean spin) {
        assert owned();
        cell.waiting.put(session, this);
        resumeWith = null;
        parked = Thread.currentThread();
        cell.start(); // pass the baton on: to the next message, a resumed task, or IDLE
        // A reply that arrives while we spin unparks a running thread: the permit it
        // leaves only makes a later park return at once, and every park here loops.
        if (spin) ReplySpin.forReply(cell.node.workers(), () -> resumeWith != null);
        boolean interrupted = false;
        Message r;
        while ((r = resumeWith) == null) {
            wakes.arm();
            if (resumeWith == null) LockSupport.park(this);
            wakes.settle();
            if (Thread.interrupted() && !interrupted) {
                interrupted = true;
                // Only the baton holder may withdraw us from `waiting`: ask it with a message.
                cell.deliver(new Message(cell.handle, cell.handle, PType.RESPONSE, session, INTERRUPTED));
            }
        }
        if (r == KILLED) throw ServiceExit.INSTANCE;
        cell.adopt();   // CURRENT is still us: this thread parked and ran nothing else meanwhile
        if (interrupted) Thread.currentThread().interrupt();
        if (r.payload() == INTERRUPTED && r.source() == cell.handle)
            throw new CallInterruptedException("interrupted while waiting in " + cell.label);
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

    @Override
    public Message message() {
        return current;
    }

    @Override
    public boolean send(int destination, int type, Object payload) {
        return cell.node.deliver(new Message(cell.handle, destination, type, 0, payload));
    }

    /**
     * Parks until {@code f} completes, as a message: the completion is a response to a
     * session of ours, so the service's other tasks run meanwhile, as in a call.
     */
    <T> T join(CompletableFuture<T> f) {
        if (!f.isDone()) {
            int session = cell.newSession();
            f.whenComplete((v, e) -> cell.deliver(new Message(cell.handle, cell.handle, PType.RESPONSE, session, null)));
            awaitReply(session);
        }
        return f.join();
    }

    @Override
    public Object call(int destination, int type, Object payload) {
        int session = cell.newSession();
        if (!cell.node.deliver(new Message(cell.handle, destination, type, session, payload)))
            throw cell.node.deadDestination(destination);
        return Replies.payloadOf(awaitReply(session, true), destination);
    }

    @Override
    public boolean ret(Object payload) {
        assert owned();
        if (current != null && current.expectsReply() && reply == null)
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
        int session = cell.newSession();
        if (token != null) waitOn(token, session);
        Message wake = new Message(0, cell.handle, PType.RESPONSE, session, null);
        if (ticks <= 0) cell.deliver(wake);
        else {
            try {
                cell.node.timers().schedule(ticks * io.skyloom.scheduler.NodeClock.TICK_NANOS, () -> cell.deliver(wake));
            } catch (RejectedExecutionException closing) {
                throw new NodeClosedException("node is closed");
            }
        }
        try {
            return awaitReply(session).payload() == WOKEN;
        } finally {
            if (token != null) leave(token);
        }
    }

    @Override
    public void fork(Runnable body) {
        assert owned();
        cell.deliver(new Message(cell.handle, cell.handle, ServiceCell.FORK, 0, body));
    }

    @Override
    public void timeout(long ticks, Runnable body) {
        assert owned();
        Message m = new Message(cell.handle, cell.handle, ServiceCell.FORK, 0, body);
        if (ticks <= 0) cell.deliver(m);
        else {
            try {
                cell.node.timers().schedule(ticks * io.skyloom.scheduler.NodeClock.TICK_NANOS, () -> cell.deliver(m));
            } catch (RejectedExecutionException closing) {
                throw new NodeClosedException("node is closed");
            }
        }
    }

    @Override
    public void await(Object token) {
        int session = cell.newSession();
        waitOn(token, session);
        try {
            awaitReply(session);
        } finally {
            leave(token);
        }
    }

    /** Registers this task as the one waiting on {@code token}, woken by {@code session}. */
    private void waitOn(Object token, int session) {
        boolean taken;
        if (token instanceof WaitSlot slot) {
            taken = slot.waitSlot() instanceof ServiceTask t && t.cell == cell && t.tokenSession != 0;
            if (!taken) slot.waitSlot(this);
        } else {
            taken = cell.waitTokens.putIfAbsent(token, this) != null;
        }
        if (taken) throw new IllegalStateException("a task already waits on " + token);
        tokenSession = session;
    }

    /** Ends our wait on {@code token}, unless a wakeup ended it already. */
    private void leave(Object token) {
        tokenSession = 0;
        if (token instanceof WaitSlot slot) {
            if (slot.waitSlot() == this) slot.waitSlot(null);
        } else {
            cell.waitTokens.remove(token, this);
        }
    }

    /** Takes the waiter of {@code token} off it: a task of this service, or null. */
    private ServiceTask takeWaiter(Object token) {
        if (!(token instanceof WaitSlot slot)) return cell.waitTokens.remove(token);
        if (!(slot.waitSlot() instanceof ServiceTask t) || t.cell != cell || t.tokenSession == 0) return null;
        slot.waitSlot(null);
        return t;
    }

    @Override
    public boolean wakeup(Object token) {
        assert owned();
        ServiceTask waiter = takeWaiter(token);
        if (waiter == null) return false;
        int session = waiter.tokenSession;
        waiter.tokenSession = 0;     // woken: a second wakeup finds nobody
        cell.deliver(new Message(cell.handle, cell.handle, PType.RESPONSE, session, WOKEN));
        return true;
    }

    @Override
    public void adoptThread() {
        cell.adopt();
        CURRENT.set(this);
    }

    @Override
    public void exit() {
        assert owned();
        cell.die("exit", true);
        throw ServiceExit.INSTANCE;
    }
}
