package io.skyloom.lua.net;

import io.skyloom.core.kernel.Node;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * skynet's socket server for one node: the node's sockets by id (small numbers, from 1),
 * each owned by one service, every one served by virtual threads of the node's task group
 * that deliver PTYPE_SOCKET messages to the owner. Found from the node ({@link #of}); it
 * closes every socket when the node closes, and a service's sockets when it exits.
 * Thread-safe: services call it from their tasks, its threads from theirs.
 */
public final class SocketDriver {

    public static final int PTYPE_SOCKET = 6;
    /** How long an open waits for the peer before it fails (skynet leaves it to the OS). */
    static final int CONNECT_TIMEOUT_MS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger("io.skyloom.socket");
    private static final Map<Node, SocketDriver> DRIVERS = new ConcurrentHashMap<>();

    private final Node node;
    private final Map<Integer, Sock> socks = new ConcurrentHashMap<>();
    private final Set<Integer> watched = ConcurrentHashMap.newKeySet();   // owners whose exit closes their sockets
    private final AtomicInteger nextId = new AtomicInteger(1);

    private SocketDriver(Node node) {
        this.node = node;
    }

    /** The node's driver, made on first use. */
    public static SocketDriver of(Node node) {
        if (node.isClosed()) throw new SocketRefused("the node is closed");
        return DRIVERS.computeIfAbsent(node, n -> {
            SocketDriver d = new SocketDriver(n);
            d.thread("socket:driver", d::closeWithNode);
            return d;
        });
    }

    /** Parks until the node closes (which interrupts it), then closes every socket. */
    private void closeWithNode() {
        try {
            node.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            DRIVERS.remove(node, this);
            for (Sock s : List.copyOf(socks.values())) s.discard();
        }
    }

    // ---- what the Sock classes use ----------------------------------------------------

    boolean post(int owner, SocketMessage m) {
        try {
            return node.send(owner, PTYPE_SOCKET, m);
        } catch (RuntimeException closing) {
            return false;
        }
    }

    Thread thread(String name, Runnable body) {
        try {
            return node.tasks().start(name, body);
        } catch (RejectedExecutionException e) {
            throw new SocketRefused("the node is closing");
        }
    }

    long now() {
        return node.clock().now();
    }

    void forget(Sock s) {
        socks.remove(s.id, s);
    }

    /** When {@code service} exits, its sockets close (skynet leaks them; a JVM should not). */
    void watch(int service) {
        if (watched.add(service))
            node.whenExited(service).thenRun(() -> {
                watched.remove(service);
                for (Sock s : List.copyOf(socks.values())) if (s.endsWith(service)) s.discard();
            });
    }

    private int register(Sock s) {
        if (node.isClosed()) {
            s.discard();   // closes its channel: a port bound while the node closed stays free
            throw new SocketRefused("the node is closing");
        }
        socks.put(s.id, s);
        watch(s.owner);
        return s.id;
    }

    /** An accepted connection, owned by the listener's owner; null when the node closes. */
    StreamConn adopt(SocketChannel c, int owner) {
        StreamConn conn = new StreamConn(this, nextId.getAndIncrement(), owner, c);
        // skynet's accept callback may pass the id to another service, which starts it:
        // until someone starts it, the service it is passed to may take it over
        conn.abandon(Sock.ANYONE);
        register(conn);
        try {
            conn.open();
            return conn;
        } catch (SocketRefused closing) {
            conn.discard();
            return null;
        }
    }

    private static void close(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // it was being dropped anyway
        }
    }

    // ---- what services ask ------------------------------------------------------------

    /** Binds and listens; the owner gets a connect message with the bound address and port. */
    public int listen(int owner, String host, int port, int backlog) throws IOException {
        InetSocketAddress at = new InetSocketAddress(bindAddress(host), port);
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.bind(at, backlog <= 0 ? 32 : backlog);
        } catch (IOException e) {
            close(ch);
            throw e;
        }
        Listener l = new Listener(this, nextId.getAndIncrement(), owner, ch, (InetSocketAddress) ch.getLocalAddress());
        register(l);
        l.announce();
        return l.id;
    }

    /** Connects on a thread of its own; the owner gets connect (then data) or an error. */
    public int connect(int owner, String host, int port) throws IOException {
        checkPort(port);
        SocketChannel ch = SocketChannel.open();
        StreamConn conn = new StreamConn(this, nextId.getAndIncrement(), owner, ch);
        register(conn);
        thread("socket:" + conn.id + ":connect", () -> conn.connect(host, port));
        return conn.id;
    }

    /** A UDP socket bound to host:port (loopback and any free port by default), receiving at once. */
    public int udp(int owner, String host, int port) throws IOException {
        DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            ch.bind(new InetSocketAddress(bindAddress(host), Math.max(0, port)));
        } catch (IOException e) {
            close(ch);
            throw e;
        }
        UdpSock u = new UdpSock(this, nextId.getAndIncrement(), owner, ch);
        register(u);
        u.open();
        return u.id;
    }

    /** Looks {@code host} up on a thread of its own; the owner gets a resolved message for {@code token}. */
    public void resolve(int owner, String host, int token) {
        thread("socket:resolve", () -> {
            SocketMessage m;
            try {
                StringBuilder sb = new StringBuilder();
                for (InetAddress a : InetAddress.getAllByName(host)) {
                    if (!sb.isEmpty()) sb.append('\n');
                    sb.append(a.getHostAddress());
                }
                m = SocketMessage.of(SocketMessage.RESOLVED, token, 1, sb.toString());
            } catch (IOException e) {
                m = SocketMessage.of(SocketMessage.RESOLVED, token, 0, "cannot resolve " + host + ": " + e.getMessage());
            }
            post(owner, m);
        });
    }

    /** The socket {@code id} if it is open, null if not; refused when it belongs to someone else. */
    Sock use(int service, int id) {
        Sock s = socks.get(id);
        if (s != null) s.checkUse(service);
        return s;
    }

    Sock get(int id) {
        return socks.get(id);
    }

    /** netstat: one map per socket of the node. */
    public List<Map<String, Object>> info() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Sock s : socks.values()) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("id", s.id);
            m.put("address", s.owner);
            m.put("rtime", s.rtime);
            m.put("wtime", s.wtime);
            m.putAll(s.info());
            out.add(m);
        }
        out.sort((a, b) -> Integer.compare((Integer) a.get("id"), (Integer) b.get("id")));
        return out;
    }

    int count() {
        return socks.size();
    }

    // ---- addresses --------------------------------------------------------------------

    /** Loopback unless asked: nil or "" binds 127.0.0.1; "0.0.0.0" (or "::") must be said. */
    static InetAddress bindAddress(String host) throws IOException {
        if (host == null || host.isEmpty()) return InetAddress.getLoopbackAddress();
        return InetAddress.getByName(host);
    }

    static void checkPort(int port) {
        if (port < 0 || port > 65535) throw new SocketRefused("invalid port " + port + ": 0 to 65535");
    }

    static String format(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** "host:port" or "[v6]:port" back to an address (udp_address, sendto). */
    static InetSocketAddress parse(String addr) {
        int colon = addr.lastIndexOf(':');
        if (colon < 0) throw new SocketRefused("invalid address " + addr + ": host:port expected");
        String host = addr.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(addr.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new SocketRefused("invalid address " + addr + ": bad port");
        }
        checkPort(port);
        return new InetSocketAddress(host, port);
    }

    static Logger log() {
        return LOG;
    }
}
