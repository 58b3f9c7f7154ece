package io.skyloom.core.kernel;

import io.skyloom.core.*;

import io.skyloom.scheduler.TaskGroup;
import io.skyloom.scheduler.WorkerPool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service: its mailbox and the baton that lets one task at a time run it.
 *
 * <p>The baton is {@link #state}: whoever moves it from IDLE to ACTIVE owns the service
 * (and holds one worker of the pool) until it passes the baton straight to the next task
 * or sets IDLE again. A task that blocks hands the baton to the next piece of work
 * itself; a task that finishes a handler goes on with the next message on its own
 * thread. Fields under "baton holder" may be touched only by the holder; {@link #deliver}
 * and {@link #kill} may be called from any thread.
 */
final class ServiceCell implements Endpoint, WorkerPool.Job {

    static final int IDLE = 0, ACTIVE = 1, DEAD = 2;

    private static final Logger LOG = LoggerFactory.getLogger("io.skyloom.service");

    final int handle;
    final Node node;
    final Service service;
    final String label;                 // ":0000000a (echo)" in every log line
    final String description;           // what it was started as ("echo hello"), for Node.services
    private final String threadName;    // "svc:0000000a"
    private final MpscMailbox mailbox = new MpscMailbox();
    private final ReentrantLock retireLock = new ReentrantLock(); // serialises draining after death
    final java.util.concurrent.CompletableFuture<String> exited = new java.util.concurrent.CompletableFuture<>();

    // baton holder only
    private Thread holder;              // the thread holding the baton: assertions, the endless monitor's stack
    private int dispatches;             // baton hand-offs to running code; read (opaque) by the endless monitor
    private Envelope running;           // the message being handled, for the monitor's warning (a benign race)

    // endless monitor's thread only
    int seenDispatches;
    long stuckSince;                    // nanoTime the monitor first saw `seenDispatches` unchanged; 0: not stuck
    boolean reported;

    private volatile boolean endless;   // set by the monitor, read and cleared by skynet.endless()
    private int lastSession;
    private boolean wrapped;            // the session counter went past 2^31 once: check for waits still open
    // Waits for a reply, by session: a reply is matched to its call here. A sleep or a
    // wait has no peer and no reply, only wake-ups that name it: those sit on a list
    // instead (a wave of 100 000 sleepers was a 100 000-entry hash table, put and removed
    // at random places), found through the wake-up itself.
    final SessionMap<Pending> waiting = new SessionMap<>();
    private Pending sleeping;           // head of the list of waits with no peer
    final HashMap<Object, Pending> waitTokens = new HashMap<>();  // wait/wakeup token -> the wait it ends
    private Reply open;                 // open requests, a list through Reply.prev/next: no node or hash per request
    private DropLog dropped;             // made at the first dropped reply: most services never drop one

    private volatile int state;          // IDLE / ACTIVE / DEAD: the baton, CAS to take it
    private volatile String killReason;  // set by kill() on any thread, acted on by the holder

    private static final java.lang.invoke.VarHandle STATE, DISPATCHES;
    static {
        try {
            STATE = java.lang.invoke.MethodHandles.lookup().findVarHandle(ServiceCell.class, "state", int.class);
            DISPATCHES = java.lang.invoke.MethodHandles.lookup().findVarHandle(ServiceCell.class, "dispatches", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    ServiceCell(Node node, int handle, String name, Service service) {
        this(node, handle, name, name, service);
    }

    ServiceCell(Node node, int handle, String name, String description, Service service) {
        this.description = description == null ? "" : description;
        this.node = node;
        this.handle = handle;
        this.service = service;
        this.label = Handle.format(handle) + (name == null ? "" : " (" + name + ")");
        this.threadName = "svc" + Handle.format(handle);
    }

    @Override
    public int handle() {
        return handle;
    }

    @Override
    public String describe() {
        return "service " + label;
    }

    // ---- any thread ------------------------------------------------------------------

    @Override
    public boolean deliver(Envelope m) {
        // A killed service still unwinding takes nothing more: its senders see it dead.
        if (state == DEAD || killReason != null) return false;
        mailbox.offer(m);
        int s = state;
        if (s == IDLE) {
            if (STATE.compareAndSet(this, IDLE, ACTIVE)) node.workers().activate(this);
        } else if (s == DEAD) {
            bounceAfterDeath();
        }
        return true;
    }

    @Override
    public void kill(String reason) {
        if (state == DEAD) return;
        killReason = reason;
        try {
            service.stopRequested();
        } catch (Throwable t) {
            LOG.warn("{} stop request failed", label, t);
        }
        // The holder looks at killReason whenever it schedules; if nobody holds the
        // baton, take it (without a worker: dying runs no service code) and die now.
        if (STATE.compareAndSet(this, IDLE, ACTIVE)) {
            holder = Thread.currentThread();
            die(reason, false);
        }
    }

    @Override
    public boolean alive() {
        return state != DEAD && killReason == null;
    }

    /**
     * Node close, after kill: interrupts the task running a handler, which may be blocked
     * in code of its own (a Java service sleeping, waiting on a lock). {@code holder} is
     * read without the baton: a stale value names a thread that held it a moment ago,
     * and interrupting that one is harmless, since the service is dying anyway.
     */
    void interruptHolder() {
        Thread t = holder;
        if (t != null && t != Thread.currentThread()) t.interrupt();
    }

    /** For assertions: true when the calling thread holds this service's baton. */
    /** The baton's holder as last written (the endless monitor's view; a plain read). */
    Thread holder() {
        return holder;
    }

    boolean heldByCurrentThread() {
        return holder == Thread.currentThread();
    }

    /** The baton has come to the calling thread (a runner starting, a task resuming). */
    void adopt() {
        holder = Thread.currentThread();
        dispatches++;
    }

    // ---- the endless monitor (its own thread) --------------------------------------------

    /** True while some thread holds the baton to run this service's code. */
    boolean busy() {
        return state == ACTIVE;
    }

    /** Hand-offs so far: unchanged while busy means one run has gone on since the last look. */
    int dispatchCount() {
        return (int) DISPATCHES.getOpaque(this);
    }

    /** What the monitor says when this service has run too long without a hand-off. */
    String describeStuck(long nanos) {
        Envelope m = running;
        return label + " maybe in an endless loop: running for " + java.time.Duration.ofNanos(nanos).toSeconds()
                + " s without yielding" + (m == null ? "" : ", on a " + m + "");
    }

    void markEndless() {
        endless = true;
        try {
            service.endlessDetected();
        } catch (Throwable t) {
            LOG.warn("{} endless hook failed", label, t);
        }
    }

    /** skynet.endless(): true once after the monitor flagged this service. */
    boolean takeEndless() {
        if (!endless) return false;
        endless = false;
        return true;
    }

    /** {@code p} waits from now on: for its reply, or (no peer) for a wake-up naming it. */
    void waitFor(Pending p) {
        if (p.peer != Pending.NO_PEER) {
            waiting.put(p.session, p);
            return;
        }
        p.next = sleeping;
        if (sleeping != null) sleeping.prev = p;
        sleeping = p;
        p.listed = true;
    }

    /** A wait of one of this service's tasks (a wake-up of another's is not for us). */
    private boolean ours(Pending p) {
        return p.waiter instanceof ServiceTask t && t.cell == this;
    }

    /** {@code p} waits no longer; true if it still did. */
    boolean forget(Pending p) {
        if (p.peer != Pending.NO_PEER) {
            int at = waiting.indexOf(p.session);
            if (at < 0 || waiting.valueAt(at) != p) return false;
            waiting.removeAt(at);
            return true;
        }
        if (!p.listed) return false;
        if (p.prev != null) p.prev.next = p.next;
        else sleeping = p.next;
        if (p.next != null) p.next.prev = p.prev;
        p.prev = p.next = null;
        p.listed = false;
        return true;
    }

    int messages() {
        return dispatches;
    }

    /** Messages waiting in the mailbox (skynet.mqlen); baton holder only. */
    int mqlen() {
        return mailbox.size();
    }

    /**
     * skynet.term(peer): this service treats {@code peer} as gone, so every call of its
     * tasks waiting on {@code peer} fails now as a dead service's would. The error comes
     * from {@code peer}'s handle, the one reply such a call accepts. Returns how many it ended.
     * Baton holder only.
     */
    int term(int peer) {
        if (peer == Pending.NO_PEER) return 0;
        java.util.List<Pending> ended = new ArrayList<>();
        waiting.forEach(p -> { if (p.peer == peer) ended.add(p); });
        for (Pending p : ended)
            deliver(new Envelope(peer, handle, PType.ERROR, p.session,
                    RemoteError.dead("service " + Handle.format(peer) + " was taken for gone (skynet.term)")));
        return ended.size();
    }

    // ---- baton holder -----------------------------------------------------------------

    /** WorkerPool.Job: we hold the baton and a worker; find the work and hand both to it. */
    @Override
    public void start() {
        holder = Thread.currentThread();
        Envelope m = takeNext();
        if (m != null) startRunner(m);
    }

    /**
     * Returns the next request for the caller to run itself, or null once the baton has
     * gone on: to a waiting task whose reply arrived, back to IDLE, or with the service's
     * death.
     */
    Envelope takeNext() {
        return takeNext(false);
    }

    /**
     * As above; {@code linger}: the caller is this service's runner between two messages,
     * which may wait a moment for the next one before it lets the service go idle.
     */
    private Envelope takeNext(boolean linger) {
        for (;;) {
            if (killReason != null) {
                die(killReason, true);
                return null;
            }
            Envelope m = mailbox.poll();
            if (m == null) {
                if (linger && lingerForMail()) continue;
                if (releaseBaton()) return null;
                continue;
            }
            boolean live;
            if (InternalType.isWake(m.type())) {
                // A wake-up names its wait (only the kernel makes one): 100 000 sleepers wake here.
                if (m.payload() instanceof Pending p && ours(p) && forget(p)) {
                    p.waiter.complete(m);
                    return null;
                }
                live = false;   // that wait ended already: a timeout after a wakeup, say
            } else if (!PType.isReply(m.type())) {
                return m;
            } else {
                int at = waiting.indexOf(m.session());
                Pending p = at < 0 ? null : waiting.valueAt(at);
                if (p != null && p.accepts(m)) {
                    waiting.removeAt(at);
                    p.waiter.complete(m);
                    return null;
                }
                live = p != null;
            }
            if (dropped == null) dropped = new DropLog();
            dropped.reply(label, m, live);
        }
    }

    /**
     * A runner whose mailbox ran dry spins a moment before going idle (see
     * {@link ReplySpin}): the next request of a conversation usually comes within
     * microseconds, and then it needs no new runner and no trip through the scheduler.
     * True when mail (or a kill) arrived meanwhile.
     */
    private boolean lingerForMail() {
        return ReplySpin.forMail(node.workers(), mailArrived);
    }

    private final java.util.function.BooleanSupplier mailArrived = () -> !mailbox.isEmpty() || killReason != null;

    /** Sets IDLE and gives the worker back; false if work arrived and we took the baton back. */
    private boolean releaseBaton() {
        state = IDLE;
        // A sender that offered before our IDLE store saw ACTIVE and left the message to us.
        if ((mailbox.isEmpty() && killReason == null) || !STATE.compareAndSet(this, IDLE, ACTIVE)) {
            node.workers().release();
            return true;
        }
        return false;
    }

    private void startRunner(Envelope first) {
        try {
            // Counted, not kept: the cell ends its runners itself when it dies.
            CarrierDemand.made();
            ServiceTask task = new ServiceTask(this, first);
            node.tasks().startCounted(threadName, task, task);
        } catch (RejectedExecutionException closing) {
            CarrierDemand.running();   // it never will
            die("node closed", true);
        }
    }

    /** The body of a runner thread, whose task is {@code task}: handles messages until the baton goes elsewhere. */
    void runLoop(ServiceTask task, Envelope first) {
        CarrierDemand.running();
        adopt();
        Envelope m = first;
        while (m != null && run(task, m)) m = takeNext(true);
    }

    /** Runs one message; false when the task was ended by the service's exit. */
    private boolean run(ServiceTask task, Envelope m) {
        assert heldByCurrentThread() : label + " runs a message on a thread without its baton";
        task.begin(m);
        running = m;
        dispatches++;
        // What the failure paths below need, read now: a fork lets go of its message
        // before it runs, so that a task parked for good (skynet.wait) does not keep it.
        int type = m.type(), source = m.source();
        boolean expectsReply = m.expectsReply();
        try {
            switch (type) {
                case InternalType.FORK -> {
                    Runnable fork = (Runnable) m.payload();
                    m = null;
                    fork.run();
                }
                case InternalType.START -> {
                    service.start(task);
                    task.started();
                }
                default -> service.handle(task, m);
            }
            return true;
        } catch (ServiceExit exit) {
            return false;
        } catch (Throwable t) {
            String killed = killReason;
            if (killed != null) {
                // Stopped by kill or node close mid-handler: its callers see a dead service.
                LOG.debug("{} stopped on a {} message from {}: {}", label, PType.name(type), Handle.format(source), t.toString());
                die(killed, true);
                return false;
            }
            node.serviceWarnings().warn(label + " failed on a " + PType.name(type) + " message from " + Handle.format(source), t);
            node.events().failed(label, "a " + PType.name(type) + " message from " + Handle.format(source), t, expectsReply || type == InternalType.START);
            if (type == InternalType.START) {
                // Retire before answering, so the creator never sees a failed service alive.
                die("start failed", true, RemoteError.of(t));
                return false;
            }
            task.failOpen(t);
            return true;
        } finally {
            task.end();
        }
    }

    /**
     * A session no wait of this service uses: after 2^31 calls the counter wraps, and a
     * wait that old (a call to a service that never answers) keeps its session.
     */
    int newSession() {
        for (;;) {
            int s = ++lastSession;
            if (s <= 0) {
                s = lastSession = 1;
                wrapped = true;
            }
            // Before the first wrap every session is new; after it, one may still wait.
            if (!wrapped || waiting.get(s) == null) return s;
        }
    }

    /** For tests of the wrap: the next session is {@code last + 1}. */
    void seedSessions(int last) {
        lastSession = last;
        wrapped = true;     // a seeded counter stands for one that went round
    }

    /**
     * A handler returned without answering its request or taking response(): nobody can
     * answer it now. skynet only warns ("maybe forgot response"); the caller would wait
     * forever, so it gets an error as well.
     */
    void forgotResponse(Reply r) {
        node.serviceWarnings().warn(label + " forgot a response to " + Handle.format(r.caller()),
                label + " returned from a request of " + Handle.format(r.caller()) + " (session " + r.session()
                        + ") without answering it: maybe forgot response", null);
        node.events().unanswered(label, "a request of " + Handle.format(r.caller()) + " (session " + r.session() + ")");
        r.failWith(new RemoteError("service " + label + " returned without answering (maybe forgot response)", "", false));
    }

    /** A request is dispatched: it stays open until answered. */
    void opened(Reply r) {
        r.next = open;
        if (open != null) open.prev = r;
        open = r;
    }

    /** An open request was answered. */
    void closed(Reply r) {
        if (r.prev != null) r.prev.next = r.next;
        else if (open == r) open = r.next;
        else return;   // not on the list (it was emptied when the service died)
        if (r.next != null) r.next.prev = r.prev;
        r.prev = r.next = null;
    }

    /** Ends the service; we hold the baton, and a worker iff {@code holdsWorker}. */
    void die(String reason, boolean holdsWorker) {
        die(reason, holdsWorker, RemoteError.dead("service " + label + " exited (" + reason + ") before answering"));
    }

    /** As above; requests still open are answered with {@code gone}. */
    private void die(String reason, boolean holdsWorker, RemoteError gone) {
        state = DEAD;
        node.retire(this);
        List<Reply> left = new ArrayList<>();
        for (Reply r = open; r != null; r = r.next) left.add(r);
        for (Reply r : left) r.failWith(gone);   // each answer unlinks itself
        open = null;
        waiting.drain(ServiceCell::release);
        for (Pending p = sleeping; p != null; ) {
            Pending next = p.next;
            p.prev = p.next = null;
            p.listed = false;
            release(p);
            p = next;
        }
        sleeping = null;
        waitTokens.clear();
        bounceAfterDeath();
        try {
            service.stopped(handle);
        } catch (Throwable t) {
            LOG.warn("{} stop hook failed", label, t);
        }
        if (holdsWorker) node.workers().release();
        LOG.debug("{} exited: {}", label, reason);
        exited.complete(reason);
    }

    /** A task still waiting when its service died: resumed to unwind, or dropped where it parked. */
    private static void release(Pending p) {
        if (p.droppable && TaskGroup.dropsUnreachableThreads()) p.waiter.drop();
        else p.waiter.complete(ServiceTask.KILLED);
    }

    /** Answers every request left in the mailbox of a dead service with an error. */
    private void bounceAfterDeath() {
        do {
            if (!retireLock.tryLock()) return; // the lock holder looks again after unlocking
            try {
                Envelope m;
                while ((m = mailbox.poll()) != null) {
                    if (m.expectsReply()) {
                        node.route(new Envelope(handle, m.source(), PType.ERROR, m.session(),
                                RemoteError.dead("service " + label + " exited before answering")));
                    }
                }
            } finally {
                retireLock.unlock();
            }
        } while (!mailbox.isEmpty());
    }
}
