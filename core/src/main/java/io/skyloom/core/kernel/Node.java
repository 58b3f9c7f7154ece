package io.skyloom.core.kernel;

import io.skyloom.core.*;

import io.skyloom.scheduler.ManualTime;
import io.skyloom.scheduler.NodeClock;
import io.skyloom.scheduler.TaskGroup;
import io.skyloom.scheduler.TimerWheel;
import io.skyloom.scheduler.WorkerPool;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Skyloom node: its services, their handles and names, the worker pool, the timer
 * queue, the environment and the Java gateway. Thread-safe; every method may be called
 * from any thread, and from inside a service's handler a blocking method parks only
 * that handler's task.
 */
public final class Node implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.skyloom.node");
    private static final AtomicInteger NODES = new AtomicInteger();

    private final NodeConfig config;
    private final String name;
    private final HandleTable handles;
    private final WorkerPool workers;
    private final TaskGroup tasks;
    private final TimerWheel timers;
    private final NodeClock clock;
    private final Env env;
    private final Gateway gateway;
    private final ScriptHost scriptHost;        // null when no Lua host is on the class path
    private final Transport transport;          // null: this node reaches no other node
    private final PeerCalls peerCalls = new PeerCalls();
    private final java.util.concurrent.ConcurrentHashMap<String, Integer> globalNames = new java.util.concurrent.ConcurrentHashMap<>();  // standalone
    private final java.util.concurrent.CopyOnWriteArrayList<java.util.function.BiConsumer<Integer, Boolean>> peerListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final NodeEvents events = new NodeEvents();
    private final LogLimiter serviceWarnings = new LogLimiter(LoggerFactory.getLogger("io.skyloom.service"));
    private final java.util.concurrent.ConcurrentHashMap<String, UniqueSlot> uniques =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private volatile boolean closed;            // read by every entry point to fail fast

    private Node(NodeConfig config, Transport transport) {
        config.validate();
        if (transport != null && config.nodeId() == 0)
            throw new ConfigException("nodeId", "a node with a transport needs a node id of 1 to 255 (skynet's harbor), not 0");
        this.transport = transport;
        this.config = config;
        this.name = "node" + NODES.incrementAndGet();
        this.handles = new HandleTable(config.nodeId());
        this.workers = new WorkerPool(config.thread());
        this.tasks = new TaskGroup(name, (t, e) -> {
            LOG.error("[{}] task {} died", name, t.getName(), e);
            events.failed(t.getName(), "the task died", e, false);
        });
        ManualTime manual = config.manualClock() ? new ManualTime() : null;
        this.timers = new TimerWheel(name, manual);
        this.clock = new NodeClock(manual);
        this.env = new Env(config.env());
        this.gateway = new Gateway(this, handles.allocate());
        handles.register(gateway);
        handles.name(".java", gateway.handle());
        handles.name(".python", gateway.handle());
        this.scriptHost = Providers.first(ScriptHost.class).orElse(null);
        if (transport != null) {
            try {
                transport.attach(new TransportInbox());
            } catch (RuntimeException e) {
                timers.close();
                throw e;
            }
        }
        if (!config.endlessWarning().isZero())
            tasks.start("monitor:" + name, new EndlessMonitor(this, config.endlessWarning()));
    }

    /** The node is up: its script host may start what skynet's bootstrap starts. */
    private static Node booted(Node node) {
        if (node.scriptHost != null) node.scriptHost.started(node);
        return node;
    }

    /** True when this node reaches other nodes (a harbor or a JvmLink). */
    public boolean linked() {
        return transport != null;
    }

    /**
     * Starts a node. Throws {@link ConfigException} naming the first invalid key. With a
     * {@code transport} folder in the config, the node joins the other nodes there.
     */
    public static Node start(NodeConfig config) {
        config.validate();
        if (config.transport() == null) return booted(new Node(config, null));
        TransportFactory f = Providers.first(TransportFactory.class).orElseThrow(() ->
                new ConfigException("transport", "no cross-process transport on the class path (add skyloom-foreign)"));
        return booted(new Node(config, f.open(config)));
    }

    /**
     * Starts a node that reaches other nodes through {@code transport}; its config needs a
     * node id of 1 to 255.
     */
    public static Node start(NodeConfig config, Transport transport) {
        return booted(new Node(config, java.util.Objects.requireNonNull(transport, "transport")));
    }

    // ---- services ---------------------------------------------------------------------

    /**
     * Starts a service written in Java and returns its handle once its
     * {@link Service#start} has returned.
     *
     * @throws CallFailedException when start failed (the service is then gone)
     */
    public int newservice(String name, Service service) {
        return newservice(name, name, service);
    }

    private int newservice(String name, String description, Service service) {
        checkOpen();
        int handle = handles.allocate();
        ServiceCell cell = new ServiceCell(this, handle, name, description, service);
        handles.register(cell);
        ServiceTask task = ServiceTask.current();
        CallSite site = task != null && task.node() == this ? task : gateway.site();
        Caller.call(site, handle, InternalType.START, null, Caller.FOREVER);
        return handle;
    }

    /**
     * Starts a script service (a Lua file found on the service path) with {@code args}.
     *
     * @throws SkyloomException when no Lua host is on the class path, or the file is missing
     */
    public int newservice(String script, Object... args) {
        checkOpen();
        Service s = requireScriptHost("service '" + script + "'").create(this, script, List.of(args));
        StringBuilder description = new StringBuilder(script);
        for (Object a : args) description.append(' ').append(a);
        return newservice(script, description.toString(), s);
    }

    /**
     * A unique service's slot: the future of its handle, and whether someone has begun to
     * start it (a query that comes first only waits on the future).
     */
    private record UniqueSlot(CompletableFuture<Integer> handle, java.util.concurrent.atomic.AtomicBoolean starting) {
        UniqueSlot() {
            this(new CompletableFuture<>(), new java.util.concurrent.atomic.AtomicBoolean());
        }
    }

    /**
     * The one live service started from {@code script} in this node: started on first
     * use, the same handle afterwards (skynet.uniqueservice). Concurrent first uses
     * start it once; queries waiting for it get it too.
     */
    public int uniqueservice(String script, Object... args) {
        for (;;) {
            UniqueSlot slot = uniques.computeIfAbsent(script, k -> new UniqueSlot());
            if (slot.starting().compareAndSet(false, true)) {
                try {
                    slot.handle().complete(newservice(script, args));
                } catch (RuntimeException e) {
                    uniques.remove(script, slot);
                    slot.handle().completeExceptionally(e);
                    throw e;
                }
            }
            int h;
            try {
                h = join(slot.handle());
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            if (alive(h)) return h;
            uniques.remove(script, slot);  // it exited: start a new one
        }
    }

    /**
     * The live unique service started from {@code script} (skynet.queryservice), waiting,
     * as skynet does, until someone starts it with uniqueservice; it does not start one.
     * Inside a service only the asking task waits.
     *
     * @throws SkyloomException when the start that it waited for failed
     */
    public int queryservice(String script) {
        for (;;) {
            checkOpen();
            UniqueSlot slot = uniques.computeIfAbsent(script, k -> new UniqueSlot());
            int h;
            try {
                h = join(slot.handle());
            } catch (java.util.concurrent.CompletionException failed) {
                throw failed.getCause() instanceof RuntimeException r ? r : failed;
            }
            if (alive(h)) return h;
            uniques.remove(script, slot);  // it exited: wait for the next one
        }
    }

    /** f's value; inside a service's task the wait lets the service's other tasks run. */
    private <T> T join(CompletableFuture<T> f) {
        ServiceTask task = ServiceTask.current();
        return task != null && task.node() == this ? task.join(f) : f.join();
    }

    /** Starts a service from Lua source text (pyskynet's scriptservice). */
    public int scriptservice(String source, Object... args) {
        checkOpen();
        return newservice("script", requireScriptHost("a script service").createFromSource(this, "=script", source, List.of(args)));
    }

    private ScriptHost requireScriptHost(String what) {
        if (scriptHost == null)
            throw new SkyloomException("no Lua host: cannot start " + what + " (add skyloom-lua-stdlib to the class path)");
        return scriptHost;
    }

    /** Ends a service: callers waiting on it get an error at once. */
    public void kill(int handle) {
        Endpoint e = handles.get(handle);
        if (e == null || e == gateway) return;
        e.kill("killed");
    }

    /**
     * Binds a name to a handle: a local name ({@code .name}) for this node, or a global
     * name (no dot, as skynet's) for every node of the harbor (this node only, when it
     * has no transport).
     */
    public void name(String name, int handle) {
        if (name.startsWith(".")) {
            handles.name(name, handle);
            return;
        }
        checkGlobalName(name);
        if (Handle.nodeId(handle) == config.nodeId() && handles.get(handle) == null)
            throw new ServiceDeadException(Handle.format(handle), "cannot name " + Handle.format(handle) + " " + name + ": no such service");
        if (transport != null) transport.registerName(name, handle);
        else globalNames.put(name, handle);
    }

    /**
     * skynet's global names: up to 16 characters (its GLOBALNAME_LENGTH) of letters,
     * digits, '_' and '-', which also keeps them safe as file names for a transport.
     */
    private static void checkGlobalName(String name) {
        if (name.isEmpty() || name.length() > 16 || !name.matches("[A-Za-z0-9_-]+"))
            throw new IllegalArgumentException("invalid global name '" + name
                    + "': 1 to 16 letters, digits, '_' or '-' (a local name starts with '.')");
    }

    /** The handle named {@code name} (a {@code .local} or a global name), or 0 if none. */
    public int query(String name) {
        if (name.startsWith(".")) return handles.query(name);
        if (name.isEmpty() || name.length() > 16 || !name.matches("[A-Za-z0-9_-]+")) return 0;
        if (transport != null) return transport.queryName(name);
        Integer h = globalNames.get(name);
        return h == null ? 0 : h;
    }

    /** True while the node with this id can be reached (this node included). */
    public boolean reachable(int nodeId) {
        return nodeId == config.nodeId() || (transport != null && transport.reachable(nodeId));
    }

    /** Tells {@code listener} (id, up) whenever another node goes down or comes up. Must not block. */
    public void onPeer(java.util.function.BiConsumer<Integer, Boolean> listener) {
        peerListeners.add(listener);
    }

    private void peerChanged(int id, boolean up) {
        for (var l : peerListeners) {
            try {
                l.accept(id, up);
            } catch (RuntimeException e) {
                LOG.warn("[{}] a peer listener failed", name, e);
            }
        }
    }

    /**
     * Resolves an address: a {@code .name}, a {@code :0000000a} handle, or a decimal.
     *
     * @throws ServiceDeadException when no live service answers to it
     */
    public int resolve(String address) {
        int h;
        if (address.startsWith(".")) h = handles.query(address);
        else if (address.startsWith(":") || address.chars().allMatch(Character::isDigit)) {
            long parsed = address.startsWith(":") ? Handle.parse(address) : parseDecimal(address);
            h = parsed < 0 ? 0 : (int) parsed;
        } else {
            h = query(address);
        }
        boolean here = Handle.nodeId(h) == config.nodeId();
        if (h == 0 || (here ? handles.get(h) == null : !reachable(Handle.nodeId(h))))
            throw new ServiceDeadException(address, "no service named " + address);
        return h;
    }

    private static long parseDecimal(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Completes with the reason ("exit", "killed", "node closed", ...) when the service
     * exits; already complete when no such service lives. Completes on the exiting
     * service's thread: attach only short, non-blocking actions (or use the async forms).
     */
    public CompletableFuture<String> whenExited(int handle) {
        if (handles.get(handle) instanceof ServiceCell cell) return cell.exited.copy();
        return CompletableFuture.completedFuture("no such service");
    }

    /** True while a service (or the gateway) has this handle. */
    public boolean alive(int handle) {
        Endpoint e = handles.get(handle);
        return e != null && e.alive();
    }

    // ---- messages ---------------------------------------------------------------------

    /**
     * Calls {@code destination} and parks until it answers. Inside a service's handler
     * the call is that service's task's (its other messages go on meanwhile); elsewhere
     * the calling thread parks, whatever kind of thread it is.
     *
     * @throws ServiceDeadException when the destination is dead or dies before answering
     * @throws CallFailedException when its handler failed
     * @throws IllegalArgumentException for a type the kernel keeps to itself (negative, or over 255)
     */
    public Object call(int destination, int type, Object payload) {
        ServiceTask task = ServiceTask.current();
        if (task != null && task.node() == this) return task.call(destination, type, payload);   // it checks the type
        checkOpen();
        checkRequest(destination, type);
        return gateway.call(destination, type, payload, Caller.FOREVER);
    }

    /**
     * Like {@link #call}, giving up with {@link CallTimeoutException} after {@code timeout}
     * (0: only an answer already there; negative: refused). Inside a service it parks
     * only the task, as every call does.
     */
    public Object call(int destination, int type, Object payload, java.time.Duration timeout) {
        long nanos = Caller.nanos(timeout);
        ServiceTask task = ServiceTask.current();
        if (task != null && task.node() == this) return task.call(destination, type, payload, timeout);
        checkOpen();
        checkRequest(destination, type);
        return gateway.call(destination, type, payload, nanos);
    }

    /** Calls without blocking; the future completes on a gateway thread. */
    public CompletableFuture<Object> callAsync(int destination, int type, Object payload) {
        checkRequest(destination, type);
        return gateway.callAsync(destination, type, payload, Caller.FOREVER);
    }

    /** As {@link #callAsync(int, int, Object)}, completing with {@link CallTimeoutException} after {@code timeout}. */
    public CompletableFuture<Object> callAsync(int destination, int type, Object payload, java.time.Duration timeout) {
        long nanos = Caller.nanos(timeout);
        checkRequest(destination, type);
        return gateway.callAsync(destination, type, payload, nanos);
    }

    /** Sends a message that expects no answer. Returns false when the destination is dead. */
    public boolean send(int destination, int type, Object payload) {
        ServiceTask task = ServiceTask.current();
        if (task != null && task.node() == this) return task.send(destination, type, payload);   // it checks the type
        return gateway.send(destination, type, payload);
    }

    /** Refuses what no service may send: the kernel's own types, and types past skynet's 255. */
    void checkRequest(int destination, int type) {
        if (type < 0 || type > 255)
            throw new IllegalArgumentException("message type " + type + " cannot be sent: services use 0 to 255"
                    + (type < 0 ? " (negative types are the kernel's own)" : ""));
        if (PType.isReply(type))
            throw new IllegalArgumentException("a " + PType.name(type) + " cannot be sent: it is what answering a request sends");
    }

    /**
     * Routes a message to its destination, here or through the transport; false when
     * there is none. Never blocks. Not public: a message links itself into one mailbox,
     * so delivering one object twice (a broadcast of one instance) would corrupt both
     * queues; users send with send/call.
     */
    boolean route(Envelope m) {
        int dest = m.destination();
        if (Handle.nodeId(dest) != config.nodeId()) {
            return transport != null && !InternalType.isInternal(m.type())
                    && transport.send(m.source(), dest, m.type(), m.session(), m.payload());
        }
        Endpoint e = handles.get(dest);
        return e != null && e.deliver(m);
    }

    ServiceDeadException deadDestination(int handle) {
        String a = Handle.format(handle);
        int id = Handle.nodeId(handle);
        if (id != config.nodeId())
            return new ServiceDeadException(a, transport == null
                    ? "no service " + a + ": its node id " + id + " is not this node's (" + config.nodeId() + ") and this node has no transport"
                    : "no service " + a + ": no live node has id " + id);
        return new ServiceDeadException(a, "no service " + a + ": it never existed or has exited");
    }

    int nodeId() {
        return config.nodeId();
    }

    /** The live local services (a snapshot). */
    java.util.List<ServiceCell> cells() {
        java.util.List<ServiceCell> out = new java.util.ArrayList<>();
        for (Endpoint e : handles.snapshot()) if (e instanceof ServiceCell c) out.add(c);
        return out;
    }

    /**
     * The live local services, by handle, each with what it was started as: the script
     * and its arguments ("echo hello"), or a Java service's name. skynet's launcher keeps
     * this list for the debug console's {@code list}; here the kernel knows it already.
     * A snapshot; the gateway is not a service and is not in it.
     */
    public java.util.SortedMap<Integer, String> services() {
        java.util.SortedMap<Integer, String> out = new java.util.TreeMap<>(Integer::compareUnsigned);
        for (ServiceCell c : cells()) out.put(c.handle, c.description);
        return out;
    }

    /** The unique services started so far and still alive: script name -> handle (the console's {@code service}). */
    public java.util.SortedMap<String, Integer> uniqueServices() {
        java.util.SortedMap<String, Integer> out = new java.util.TreeMap<>();
        uniques.forEach((script, slot) -> {
            Integer h = slot.handle().getNow(null);
            if (h != null && alive(h)) out.put(script, h);
        });
        return out;
    }

    /** The cell of a live local service, for the kernel's own tests. */
    ServiceCell cellOf(int handle) {
        return handles.get(handle) instanceof ServiceCell c ? c : null;
    }

    PeerCalls peerCalls() {
        return peerCalls;
    }

    /** Where services' failures are warned about: a flood of one kind costs one line per 10 s. */
    LogLimiter serviceWarnings() {
        return serviceWarnings;
    }

    /**
     * Starts a kernel thread counted as carrier demand (see {@link CarrierDemand});
     * false when the node is closing.
     */
    boolean startTask(String name, Runnable body) {
        CarrierDemand.made();
        try {
            tasks.start(name, () -> {
                CarrierDemand.running();
                body.run();
            });
            return true;
        } catch (RejectedExecutionException closing) {
            CarrierDemand.running();   // it never will
            return false;
        }
    }

    void retire(ServiceCell cell) {
        handles.retire(cell.handle);
        if (transport != null) transport.retireNames(cell.handle);
        else globalNames.values().removeIf(h -> h == cell.handle);
    }

    /** What the transport hands in. */
    private final class TransportInbox implements Transport.Inbox {
        @Override
        public int nodeId() {
            return config.nodeId();
        }

        @Override
        public boolean deliver(int source, int destination, int type, int session, Object payload) {
            if (InternalType.isInternal(type) || Handle.nodeId(destination) != config.nodeId()) return false;
            Envelope m = new Envelope(source, destination, type, session, payload);
            if (route(m)) return true;
            if (m.expectsReply())
                route(new Envelope(destination, source, PType.ERROR, session, RemoteError.dead(deadDestination(destination).getMessage())));
            return false;
        }

        @Override
        public void peerDown(int nodeId, String reason) {
            LOG.warn("[{}] node {} is down: {}", name, nodeId, reason);
            peerCalls.fail(nodeId, reason);
            peerChanged(nodeId, false);
        }

        @Override
        public void peerUp(int nodeId) {
            peerChanged(nodeId, true);
        }

        @Override
        public void readerSpinning(boolean spinning) {
            ReplySpin.transportReader(spinning);
        }
    }

    // ---- env, clock, tasks ------------------------------------------------------------

    public Object getenv(String key) {
        return env.get(key);
    }

    /** Sets an env value; a key can be set once. */
    public void setenv(String key, Object value) {
        env.set(key, value);
    }

    /**
     * True when the calling thread runs a task of a service that is being killed (or
     * whose node is closing): long library calls (numsky loops, the pattern matcher)
     * poll it to unwind a service that kill must stop. A thread-local read and a
     * volatile read.
     */
    public static boolean currentServiceStopping() {
        ServiceTask t = ServiceTask.current();
        return t != null && t.stopping();
    }

    /** The context of the service task running on this thread, or null outside services. */
    public static TaskContext context() {
        return ServiceTask.current();
    }

    /**
     * Starts a task tied to this node (gevent.spawn): closing the node interrupts it.
     * Join it with {@code get()}, bound it with {@code get(timeout)}.
     */
    public <T> Future<T> spawn(String name, Callable<T> body) {
        checkOpen();
        FutureTask<T> f = new FutureTask<>(body);
        tasks.start("task:" + name, f);
        return f;
    }

    public NodeConfig config() {
        return config;
    }

    public String name() {
        return name;
    }

    public NodeClock clock() {
        return clock;
    }

    /** Where a watcher (a test kit) hears of failures in this node. */
    public NodeEvents events() {
        return events;
    }

    public TimerWheel timers() {
        return timers;
    }

    public TaskGroup tasks() {
        return tasks;
    }

    public WorkerPool workers() {
        return workers;
    }

    public Gateway gateway() {
        return gateway;
    }

    /** Live services (not counting the gateway). */
    public int serviceCount() {
        return handles.size() - 1;
    }

    // ---- life -------------------------------------------------------------------------

    public boolean isClosed() {
        return closed;
    }

    /** Parks until the node is closed (pyskynet.join). */
    public void join() throws InterruptedException {
        closedLatch.await();
    }

    public boolean join(java.time.Duration timeout) throws InterruptedException {
        return closedLatch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Closes the node: every service exits (its waiting callers get an error), pending
     * gateway calls fail, and every task the node started is interrupted and joined
     * within {@link NodeConfig#closeTimeout}. Idempotent.
     */
    @Override
    public void close() {
        if (claimClose()) finishClose();
    }

    /**
     * skynet.abort: the node is closed from the moment this returns (new calls and
     * services are refused at once, so nothing a program does next runs), and the rest
     * of the closing happens on a thread of its own, since closing joins every task of
     * the node, the caller's included.
     */
    public void closeInBackground() {
        if (claimClose()) Thread.ofVirtual().name("close:" + name).start(this::finishClose);
    }

    private synchronized boolean claimClose() {
        if (closed) return false;
        closed = true;
        return true;
    }

    private void finishClose() {
        // queryservice waits for a start that will never come now
        for (UniqueSlot slot : uniques.values())
            slot.handle().completeExceptionally(new NodeClosedException("node " + name + " is closed"));
        for (Endpoint e : handles.snapshot()) {
            if (e == gateway) continue;
            e.kill("node closed");
            if (e instanceof ServiceCell c) c.interruptHolder();
        }
        gateway.kill("node closed");
        ServiceTask me = ServiceTask.current();
        boolean fromService = me != null && me.node() == this;   // then our own runner is still alive
        List<Thread> stuck = tasks.close(config.closeTimeout(), fromService);
        timers.close();
        if (!stuck.isEmpty()) LOG.warn("[{}] {} tasks did not end within {}: {}", name, stuck.size(),
                config.closeTimeout(), stuck.stream().limit(10).map(Thread::getName).toList());
        int runners = tasks.countedAlive() - (fromService ? 1 : 0);
        if (runners > 0) LOG.warn("[{}] {} service tasks did not end within {}", name, runners, config.closeTimeout());
        int interrupted = gateway.interruptedByClose();
        if (interrupted > 0) LOG.info("[{}] closing interrupted {} blocked gateway handlers", name, interrupted);
        if (transport != null) {
            try {
                transport.close();
            } catch (RuntimeException e) {
                LOG.warn("[{}] transport close failed", name, e);
            }
        }
        closedLatch.countDown();
    }

    private void checkOpen() {
        if (closed) throw new NodeClosedException("node " + name + " is closed");
    }
}
