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
 * <p>A payload of {@link BlockArea#MIN_PAYLOAD} bytes or more goes into a block of this
 * node's area for the peer (made at its first such payload, and made anew for each new
 * incarnation of the peer), and the frame only names the block. When the area is full
 * the sender waits up to {@link #BLOCK_WAIT_NANOS} for the peer to free blocks, then sends
 * the payload in its frame as it would without an area; one that never fits, and every
 * payload when the area cannot be made, goes the same way. The sender rings the peer's
 * bell before it copies a payload into its block as well as after the frame: a sleeping
 * reader then wakes while the copy runs (a wake-up took 0.2-0.3 ms, an 8 MB copy 0.35-0.5)
 * and finds the frame at once (the hop after the copy: p50 250-350 us before, 55-75 us).
 *
 * <p>Appending writes mapped memory: a page fault blocks the sending (virtual) thread's
 * carrier for its duration, as any memory access does; nothing else here blocks, but
 * the wait for a block, which parks. Thread-safe; the fields below the lock are guarded
 * by it.
 */
final class Outbox {

    private final int me, node;
    private final long incarnation;              // this node's
    private final java.nio.file.Path bellFile;
    private final DatagramSocket ringer;         // shared by the outboxes of a node; null: no rings
    private final ReentrantLock lock = new ReentrantLock();
    private final HarborFolder folder;
    private final long areaCapacity;             // data bytes of each new block area
    private final ChronicleQueue queue;
    private final ExcerptAppender appender;
    private final byte[] header = new byte[Frame.HEADER];
    private final ByteBuffer headerBuf = ByteBuffer.wrap(header);
    private Doorbell.Peer bell;                  // null until the peer's bell file is there
    private long bellLookedAt;                   // System.nanoTime of the last look for it
    private volatile BlockArea.Writer area;      // for the peer's incarnation it names; null until a big payload (read by echo too)
    private long areaRefusedFor;                 // the peer's incarnation whose area could not be made (0: none)
    private boolean closed;

    /** How long a sender waits for room in a full area (-Dskyloom.harbor.blockWaitMillis) before it sends inline. */
    static final long BLOCK_WAIT_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(Long.getLong("skyloom.harbor.blockWaitMillis", 20));
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("io.skyloom.harbor");

    private Outbox(HarborFolder folder, int me, long incarnation, int node, DatagramSocket ringer, ChronicleQueue queue,
                   long areaCapacity) {
        this.folder = folder;
        this.areaCapacity = areaCapacity;
        this.bellFile = folder.bell(node);
        this.me = me;
        this.incarnation = incarnation;
        this.node = node;
        this.ringer = ringer;
        this.queue = queue;
        this.appender = queue.createAppender();
        appender.singleThreadedCheckDisabled(true);   // the lock orders the threads that use it
    }

    /** Node {@code me}'s outbox to {@code node} in {@code folder}; Chronicle's exception when its queue cannot be opened. */
    static Outbox open(HarborFolder folder, int me, long incarnation, int node, DatagramSocket ringer) {
        return open(folder, me, incarnation, node, ringer, BlockArea.CAPACITY);
    }

    /** The same, with block areas of {@code areaCapacity} data bytes. */
    static Outbox open(HarborFolder folder, int me, long incarnation, int node, DatagramSocket ringer, long areaCapacity) {
        ChronicleQueue q = folder.openQueue(node);
        try {
            return new Outbox(folder, me, incarnation, node, ringer, q, areaCapacity);
        } catch (RuntimeException e) {
            q.close();
            throw e;
        }
    }

    /**
     * Appends one message for the peer's incarnation {@code receiver}: its payload in a
     * block of the area when it is big and the area has room, else in its frame. False
     * once closed.
     */
    boolean append(long receiver, int source, int destination, int session, Payloads.Wire w) {
        lock.lock();
        try {
            if (closed) return false;
            BlockArea.Ref r = w.length() >= BlockArea.MIN_PAYLOAD ? putInBlock(receiver, w) : null;
            if (r != null) write(receiver, source, destination, w.type(), session, Payloads.BLOCK, r.encode(), BlockArea.Ref.BYTES);
            else write(receiver, source, destination, w.type(), session, w.kind(), w.whole() ? w.bytes() : w.exact(), w.length());
            return true;
        } finally {
            lock.unlock();
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
            write(receiver, source, destination, type, session, kind, payload, length);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void write(long receiver, int source, int destination, int type, int session, int kind, byte[] payload, int length) {
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
        ring();
    }

    /** Wakes the peer's reader if it sleeps: after a frame, and before a payload's copy into its block. */
    private void ring() {
        if (bell == null) bell = lookForBell();
        if (bell != null && ringer != null) bell.ring(ringer);
    }

    /** The payload in a block of the area for the peer's incarnation {@code receiver}; null: it goes inline. */
    private BlockArea.Ref putInBlock(long receiver, Payloads.Wire w) {
        BlockArea.Writer a = area(receiver);
        if (a == null || !a.fits(w.length())) return null;
        BlockArea.Ref r = a.reserve(w.kind(), w.length());
        long deadline = System.nanoTime() + BLOCK_WAIT_NANOS;
        while (r == null && System.nanoTime() - deadline < 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
            r = a.reserve(w.kind(), w.length());
        }
        if (r == null) return null;
        ring();      // the peer's reader wakes while the payload is copied, not after
        w.writeTo(a.data(r));
        a.publish(r);
        return r;
    }

    /** The area for the peer's incarnation {@code receiver}, made at its first big payload; null when it cannot be made. */
    private BlockArea.Writer area(long receiver) {
        if (area != null && area.receiverIncarnation() == receiver) return area;
        if (areaRefusedFor == receiver) return null;
        if (area != null) area.close();
        area = null;
        java.nio.file.Path file = folder.blocks(me, node);
        try {
            area = BlockArea.Writer.create(file, me, incarnation, node, receiver, areaCapacity);
        } catch (java.io.IOException | RuntimeException e) {
            areaRefusedFor = receiver;
            LOG.warn("node {} cannot make its block area {} for node {}; big payloads go in their frames: {}", me, file, node, e.toString());
        }
        return area;
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

    /**
     * The bytes of an echo from the peer's incarnation {@code receiver} (see
     * {@link BlockArea.Writer#echo}), held for an array of this node; untrusted, so
     * checked against this side's record.
     */
    BlockArea.Echoed echo(long receiver, long offset, long sequence, int at, int length) throws Frame.BadFrame {
        BlockArea.Writer a = area;      // not under the lock: a sender waiting for room holds it, and an echo frees room
        if (a == null || a.receiverIncarnation() != receiver)
            throw new Frame.BadFrame("an echo of a block of an area node " + me + " has no longer (or never had) for node " + node);
        return a.echo(offset, sequence, at, length);
    }

    void close() {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            if (area != null) area.close();
            appender.close();
            queue.close();
        } finally {
            lock.unlock();
        }
    }
}
