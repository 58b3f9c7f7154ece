package io.skyloom.foreign.harbor;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How a node's reader sleeps without missing a frame, and how another process wakes it.
 * Spinning on the queue is the fast way to see a frame, but on a host with few cores two
 * spinning readers take the cores the services need; napping instead costs each hop up to
 * a nap. So a quiet reader marks itself asleep in its bell file ({@code node-N.bell},
 * mapped by every process that sends to N), looks at its queue once more, and blocks on a
 * loopback UDP socket; a writer that appended a frame for N and finds N asleep sends one
 * datagram to N's port. A full fence on both sides (mark, then look; append, then look)
 * means one of them always sees the other; a wait is bounded anyway, so a reader never
 * depends on a ring. A datagram only wakes a reader, which then reads frames it checks
 * as always: whoever else on the host sends one gains nothing.
 *
 * <p>The file: int magic, int node id, int state (awake, asleep, rung), int UDP port;
 * created in place (never replaced), so a sender's mapping of it stays valid across
 * restarts of its node, which rewrite the port.
 */
final class Doorbell implements AutoCloseable {

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int MAGIC = 0x4c4c4542, SIZE = 16;
    private static final int AT_MAGIC = 0, AT_NODE = 4, AT_STATE = 8, AT_PORT = 12;
    static final int AWAKE = 0, ASLEEP = 1, RUNG = 2;

    private final MappedByteBuffer map;
    private final DatagramSocket socket;
    private final DatagramPacket ring = new DatagramPacket(new byte[1], 1);

    private Doorbell(MappedByteBuffer map, DatagramSocket socket) {
        this.map = map;
        this.socket = socket;
    }

    /** Node {@code node}'s own bell at {@code file}, with a fresh socket on loopback. */
    static Doorbell open(Path file, int node) throws IOException {
        MappedByteBuffer m = map(file, true);
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        INT.setVolatile(m, AT_NODE, node);
        INT.setVolatile(m, AT_STATE, AWAKE);
        INT.setVolatile(m, AT_PORT, s.getLocalPort());
        INT.setVolatile(m, AT_MAGIC, MAGIC);
        return new Doorbell(m, s);
    }

    private static MappedByteBuffer map(Path file, boolean create) throws IOException {
        try (FileChannel ch = create
                ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (ch.size() < SIZE && !create) throw new IOException(file + " is not a bell file");
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
        }
    }

    /** Marks the reader asleep; it must look at its queue once more before {@link #await}. */
    void sleeping() {
        INT.setVolatile(map, AT_STATE, ASLEEP);
        VarHandle.fullFence();
    }

    /** The reader found work after all. */
    void awake() {
        INT.setVolatile(map, AT_STATE, AWAKE);
    }

    /** Blocks until a ring or {@code millis}, then marks the reader awake. False once the bell is closed. */
    boolean await(int millis) {
        try {
            socket.setSoTimeout(millis);
            socket.receive(ring);
        } catch (SocketTimeoutException quiet) {
            // looked at again by the caller anyway
        } catch (SocketException closed) {
            return false;
        } catch (IOException e) {
            // a failed receive only costs a look at the queue
        }
        awake();
        return true;
    }

    int state() {
        return (int) INT.getVolatile(map, AT_STATE);
    }

    @Override
    public void close() {
        socket.close();
    }

    /** Another node's bell, as a sender sees it. */
    static final class Peer {

        private final MappedByteBuffer map;
        private final int node;
        private final DatagramPacket packet = new DatagramPacket(new byte[] {1}, 1, InetAddress.getLoopbackAddress(), 0);

        private Peer(MappedByteBuffer map, int node) {
            this.map = map;
            this.node = node;
        }

        /** Node {@code node}'s bell at {@code file}, or null when it has none (yet). */
        static Peer of(Path file, int node) {
            try {
                MappedByteBuffer m = map(file, false);
                return (int) INT.getVolatile(m, AT_MAGIC) == MAGIC && (int) INT.getVolatile(m, AT_NODE) == node ? new Peer(m, node) : null;
            } catch (IOException e) {
                return null;
            }
        }

        /** After appending a frame for this node: wakes its reader if it sleeps. True when it rang. */
        boolean ring(DatagramSocket out) {
            VarHandle.fullFence();
            if ((int) INT.getVolatile(map, AT_STATE) != ASLEEP || !INT.compareAndSet(map, AT_STATE, ASLEEP, RUNG)) return false;
            packet.setPort((int) INT.getVolatile(map, AT_PORT));
            try {
                out.send(packet);
            } catch (IOException e) {
                return false;    // the reader wakes by itself within its wait
            }
            return true;
        }

        int node() {
            return node;
        }
    }
}
