package io.skyloom.foreign;

import io.skyloom.core.Node;
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

    public Node node() {
        return node;
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
