package io.skyloom.foreign;

import io.skyloom.core.kernel.Node;
import io.skyloom.core.NodeConfig;
import io.skyloom.core.Service;
import java.time.Duration;

/**
 * A running Skyloom node as a Java program sees it (pyskynet's module functions): start
 * services, reach the foreign API, read and set env, join and close. Closing ends every
 * service and task of the node.
 *
 * <pre>{@code
 * try (Skyloom node = Skyloom.start(NodeConfig.builder().thread(4).build())) {
 *     node.foreign().dispatch("hello", args -> "hello " + args[0]);
 *     int echo = node.newservice("echo", ForeignService.of(Map.of("echo", args -> args)));
 *     Object[] r = node.foreign().call(echo, "echo", 1, "two");
 * }
 * }</pre>
 */
public final class Skyloom implements AutoCloseable {

    private final Node node;
    private final Foreign foreign;

    private Skyloom(Node node) {
        this.node = node;
        this.foreign = new Foreign(node);
    }

    /** Starts a node; throws {@link io.skyloom.core.ConfigException} naming a bad key. */
    public static Skyloom start(NodeConfig config) {
        return new Skyloom(Node.start(config));
    }

    /**
     * Starts a node that reaches other nodes through {@code transport} (a
     * {@link io.skyloom.core.JvmLink}'s, or the cross-process one); its config needs a
     * node id of 1 to 255.
     */
    public static Skyloom start(NodeConfig config, io.skyloom.core.Transport transport) {
        return new Skyloom(Node.start(config, transport));
    }

    public static Skyloom start() {
        return start(NodeConfig.defaults());
    }

    public Foreign foreign() {
        return foreign;
    }

    /**
     * The kernel node beneath, for Skyloom's own modules and tools (raw protocol calls,
     * the worker pool, the task group). Programs need only this class's methods.
     */
    public Node node() {
        return node;
    }

    /** Ends a service: callers waiting on it get an error at once. */
    public void kill(int handle) {
        node.kill(handle);
    }

    /** True while a service (or the gateway) has this handle. */
    public boolean alive(int handle) {
        return node.alive(handle);
    }

    /**
     * Completes with the reason ("exit", "killed", "node closed", ...) when the service
     * exits; already complete when no such service lives.
     */
    public java.util.concurrent.CompletableFuture<String> whenExited(int handle) {
        return node.whenExited(handle);
    }

    /**
     * Binds a name to a handle (skynet.name): a local name ({@code .name}), or a global
     * one (no dot) that every node on the same transport folder resolves.
     */
    public void name(String name, int handle) {
        node.name(name, handle);
    }

    /** The handle named {@code name} (local or global), or 0 (skynet.localname, harbor.queryname without the wait). */
    public int query(String name) {
        return node.query(name);
    }

    /** The running unique service started from {@code name} (skynet.queryservice). */
    public int queryservice(String name) {
        return node.queryservice(name);
    }

    /**
     * Starts a task tied to this node (gevent.spawn) on a virtual thread: closing the
     * node interrupts it. Join it with {@code get()}, bound it with {@code get(timeout)}.
     */
    public <T> java.util.concurrent.Future<T> spawn(String name, java.util.concurrent.Callable<T> body) {
        return node.spawn(name, body);
    }

    /**
     * Runs {@code body} on this thread and interrupts it after {@code limit}
     * (gevent.Timeout): every blocking call of Skyloom and of the JDK answers the
     * interrupt, and this throws {@link java.util.concurrent.TimeoutException}.
     */
    public <T> T within(Duration limit, java.util.concurrent.Callable<T> body) throws Exception {
        return io.skyloom.scheduler.Deadline.within(node.timers(), limit, body);
    }

    /** True while node {@code nodeId} of the harbor can be reached (this one included). */
    public boolean reachable(int nodeId) {
        return node.reachable(nodeId);
    }

    /**
     * Tells {@code listener} (node id, up) whenever another node of the harbor goes down
     * or comes up; called on the transport's thread, so it must not block.
     */
    public void onPeer(java.util.function.BiConsumer<Integer, Boolean> listener) {
        node.onPeer(listener);
    }

    /** Live services, not counting the gateway. */
    public int serviceCount() {
        return node.serviceCount();
    }

    /** The gateway's handle: what Lua sees as the Java side's address. */
    public int self() {
        return node.gateway().handle();
    }

    /** Starts a Lua service file found on the service path. */
    public int newservice(String name, Object... args) {
        return node.newservice(name, args);
    }

    /** Starts a service written in Java. */
    public int newservice(String name, Service service) {
        return node.newservice(name, service);
    }

    /** Starts a service from Lua source text. */
    public int scriptservice(String luaSource, Object... args) {
        return node.scriptservice(luaSource, args);
    }

    /** The one service of this name in the node, started on first use. */
    public int uniqueservice(String name, Object... args) {
        return node.uniqueservice(name, args);
    }

    public Object getenv(String key) {
        return node.getenv(key);
    }

    public void setenv(String key, Object value) {
        node.setenv(key, value);
    }

    /** Parks until the node closes. */
    public void join() throws InterruptedException {
        node.join();
    }

    public boolean join(Duration timeout) throws InterruptedException {
        return node.join(timeout);
    }

    @Override
    public void close() {
        node.close();
    }
}
