package io.skyloom.foreign.harbor;

import java.net.DatagramSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * One peer's queue as this node appends to it: the sending thread appends its frame
 * itself, under this outbox's lock, and rings the peer's bell. Chronicle's appenders are
 * not thread-safe and check by default that one thread uses each; an appender made with
 * {@code createAppender()} may be used by several threads when an outside lock orders
 * them (Chronicle's own advice for several writers), so the check is switched off and
 * the lock is that order. Measured on 2 vCPUs: handing frames to a writer thread instead
 * cost a thread wake-up per hop; with it a call's p50 was 194-252 us, without it (and
 * with the reader's spin after a request) 50-69 us (bench --harbor, interleaved).
 *
 * <p>Appending writes mapped memory: a page fault blocks the sending (virtual) thread's
 * carrier for its duration, as any memory access does; nothing else here blocks.
 * Thread-safe; the fields below the lock are guarded by it.
 */
final class Outbox {

    private final int me, node;
    private final long incarnation;              // this node's
    private final java.nio.file.Path bellFile;
    private final DatagramSocket ringer;         // shared by the outboxes of a node; null: no rings
    private final ReentrantLock lock = new ReentrantLock();
    private final ChronicleQueue queue;
    private final ExcerptAppender appender;
    private final byte[] header = new byte[Frame.HEADER];
    private final ByteBuffer headerBuf = ByteBuffer.wrap(header);
    private Doorbell.Peer bell;                  // null until the peer's bell file is there
    private long bellLookedAt;                   // System.nanoTime of the last look for it
    private boolean closed;

    private Outbox(int me, long incarnation, int node, java.nio.file.Path bellFile, DatagramSocket ringer, ChronicleQueue queue) {
        this.me = me;
        this.incarnation = incarnation;
        this.node = node;
        this.bellFile = bellFile;
        this.ringer = ringer;
        this.queue = queue;
        this.appender = queue.createAppender();
        appender.singleThreadedCheckDisabled(true);   // the lock orders the threads that use it
    }

    /** Node {@code me}'s outbox to {@code node} in {@code folder}; Chronicle's exception when its queue cannot be opened. */
    static Outbox open(HarborFolder folder, int me, long incarnation, int node, DatagramSocket ringer) {
        ChronicleQueue q = folder.openQueue(node);
        try {
            return new Outbox(me, incarnation, node, folder.bell(node), ringer, q);
        } catch (RuntimeException e) {
            q.close();
            throw e;
        }
    }

    /**
     * Appends one frame for the peer's incarnation {@code receiver} (its header, then the
     * first {@code length} bytes of {@code payload}) and rings the peer's bell when its
     * reader sleeps. False once closed.
     */
    boolean append(long receiver, int source, int destination, int type, int session, int kind, byte[] payload, int length) {
        lock.lock();
        try {
            if (closed) return false;
            headerBuf.clear();
            Frame.putHeader(headerBuf, me, incarnation, receiver, source, destination, type, session, kind, length);
            try (DocumentContext dc = appender.writingDocument()) {
                try {
                    Bytes<?> b = dc.wire().bytes();
                    b.write(header, 0, header.length);
                    b.write(payload, 0, length);
                } catch (RuntimeException e) {
                    dc.rollbackOnClose();
                    throw e;
                }
            }
            if (bell == null) bell = lookForBell();
            if (bell != null && ringer != null) bell.ring(ringer);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The peer's bell, looked for at most every {@link #BELL_LOOK_NANOS}: opening a missing
     * file took about 7 us, once per frame until it appeared. A peer not rung finds its
     * frames within its wait anyway.
     */
    private Doorbell.Peer lookForBell() {
        long now = System.nanoTime();
        if (bellLookedAt != 0 && now - bellLookedAt < BELL_LOOK_NANOS) return null;
        bellLookedAt = now;
        return Doorbell.Peer.of(bellFile, node);
    }

    private static final long BELL_LOOK_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(10);

    void close() {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            appender.close();
            queue.close();
        } finally {
            lock.unlock();
        }
    }
}
