package io.skyloom.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A real Redis Cluster of the test's own: {@code masters} redis-servers in cluster mode
 * on free loopback ports, the 16384 slots split evenly among them in order, introduced
 * to each other (CLUSTER MEET), and ready once every node says the cluster is ok and
 * knows all the others. No replicas. {@link #close} kills them all and removes their
 * folder. Thread-safe.
 */
public final class RedisCluster implements AutoCloseable {

    static final int SLOTS = 16384;
    private static final Duration FORMING = Duration.ofSeconds(30);

    private final Path dir;
    private final List<RedisServer> nodes;

    private RedisCluster(Path dir, List<RedisServer> nodes) {
        this.dir = dir;
        this.nodes = nodes;   // filled while it starts, so a failed start closes what it has
    }

    public static RedisCluster start(int masters) {
        if (masters < 1) throw new IllegalArgumentException("a cluster needs at least one master, not " + masters);
        Path dir;
        try {
            dir = Files.createTempDirectory("skyloom-redis-cluster");
        } catch (IOException e) {
            throw new IllegalStateException("no temporary folder for the cluster's nodes.conf files", e);
        }
        List<RedisServer> nodes = new ArrayList<>();
        RedisCluster cluster = new RedisCluster(dir, nodes);
        try {
            for (int i = 0; i < masters; i++) nodes.add(RedisServer.startClusterNode(dir));
            cluster.form();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void form() {
        int n = nodes.size();
        for (int i = 0; i < n; i++) {
            int from = SLOTS * i / n, to = SLOTS * (i + 1) / n - 1;
            nodes.get(i).command("CLUSTER", "ADDSLOTSRANGE", String.valueOf(from), String.valueOf(to));
        }
        for (int i = 1; i < n; i++)
            nodes.get(0).command("CLUSTER", "MEET", "127.0.0.1", String.valueOf(nodes.get(i).port()),
                    String.valueOf(nodes.get(i).busPort()));
        long end = System.nanoTime() + Waits.dilated(FORMING).toNanos();
        while (!formed()) {
            if (System.nanoTime() > end)
                throw new IllegalStateException("the Redis Cluster did not form within " + FORMING + ": "
                        + nodes.get(0).command("CLUSTER", "INFO"));
            LockSupport.parkNanos(20_000_000L);
        }
    }

    private boolean formed() {
        for (RedisServer node : nodes) {
            String info = node.command("CLUSTER", "INFO");
            if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + nodes.size())
                    || !info.contains("cluster_slots_ok:" + SLOTS)) return false;
        }
        return true;
    }

    /** The masters, in slot order: node i serves slots 16384*i/n to 16384*(i+1)/n - 1. */
    public List<RedisServer> nodes() {
        return List.copyOf(nodes);
    }

    /** The node that serves {@code key}'s slot, as the cluster says (CLUSTER KEYSLOT). */
    public RedisServer nodeOf(String key) {
        int slot = Integer.parseInt(nodes.get(0).command("CLUSTER", "KEYSLOT", key));
        return nodes.get(indexOfSlot(slot));
    }

    private int indexOfSlot(int slot) {
        int n = nodes.size();
        for (int i = 0; i < n; i++) if (slot <= SLOTS * (i + 1) / n - 1) return i;
        return n - 1;
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind
        }
    }
}
