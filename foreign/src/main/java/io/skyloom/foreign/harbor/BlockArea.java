package io.skyloom.foreign.harbor;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a payload too big for the queue travels: reusable pages that one node (the
 * sender) shares with one peer. Chronicle's queue only appends, so each frame there
 * lands on pages never touched before: measured on /dev/shm, 6-12 ms per 8 MB, against
 * 0.45-0.85 ms into pages already mapped. So the sender writes a payload of at least
 * {@link #MIN_PAYLOAD} bytes into a block of its area for that peer and appends a frame
 * that only names the block (a {@link Ref}: offset, length, sequence); the peer's reader
 * checks the reference, decodes the payload in the block and frees it (a big array's
 * data stays there, viewed, until the array is collected: see {@link Lease}). Blocks are
 * reused as soon as they are freed, so the area's pages stay mapped in both processes.
 *
 * <p>The file, {@code node-S.to-R.blocks} in the transport folder, is made new by the
 * sender for one incarnation of itself and one of its peer: a peer that restarts, or a
 * sender that restarts, gets a fresh area, and what the old one held is gone with the
 * frames that named it. Its layout, little-endian:
 *
 * <pre>
 *   header, one page: i32 magic, i32 version, i32 sender node, i32 receiver node,
 *                     i64 sender incarnation, i64 receiver incarnation, i64 capacity
 *   data, capacity bytes: blocks, each at a multiple of 64 from the data's start:
 *                     i64 state, i32 length, i32 echoes, then the payload
 * </pre>
 *
 * A block's state is its sequence number (1, 2, ... in the order the sender reserved
 * them) while its payload waits, and minus that once the reader freed it; the reader
 * takes a reference only when the block's state is the sequence the reference names, so
 * a stale reference (a block freed and reused since) and a made-up one are refused.
 * Everything the reader takes from the file (header, offsets, lengths) is untrusted and
 * checked; the sender trusts only its own record of what it reserved.
 *
 * <p>An array the receiver views in a block and sends back to the block's sender goes
 * back as an echo: a reference to those bytes, which the sender then views in its own
 * block (no copy either way; both arrays share the bytes, as an NDArray passed in
 * process is shared). The receiver counts the echo in the block's header before it
 * sends it, while its own view still holds the block; the sender checks the echo against
 * its own record, holds the block for its new array, then counts the echo off. So a
 * block is reused only when the receiver freed it, no echo of it is on its way back, and
 * no array of the sender views it.
 */
final class BlockArea {

    /** The smallest payload that goes through an area: below it, the copy into the queue costs less than a block. */
    static final int MIN_PAYLOAD = 64 << 10;
    /**
     * Data bytes of a new area (-Dskyloom.harbor.blockAreaMiB): 128 float64[10^6] arrays.
     * The file is sparse: only the pages blocks have used take memory, and the low ones
     * serve again first, so a pair that never holds more than a few arrays at once keeps
     * a few arrays' worth of pages.
     */
    static final long CAPACITY = Long.getLong("skyloom.harbor.blockAreaMiB", 1024) << 20;
    /** The largest area a reader maps. */
    static final long MAX_CAPACITY = 1L << 30;
    static final int MAGIC = 0x41424b53, VERSION = 1;
    static final int DATA = 4096, BLOCK_HEADER = 16, ALIGN = 64;
    /** Where a block's header counts the echoes of it on their way back (see {@link Lease#echo}). */
    static final int ECHOES = 12;

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private BlockArea() {}

    /**
     * A frame's reference to its payload in a block: what kind of payload it is (one of
     * {@link Payloads}' kinds), where its block starts (from the data's start), the
     * payload's length and the block's sequence.
     */
    record Ref(int kind, long offset, int length, long sequence) {
        static final int BYTES = 1 + 8 + 4 + 8;

        byte[] encode() {
            return ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN).put((byte) kind).putLong(offset).putInt(length)
                    .putLong(sequence).array();
        }

        /** The payload length a frame's reference names (untrusted: a hint only), or -1 when it is no reference. */
        static int length(byte[] payload) {
            if (payload.length != BYTES) return -1;
            return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).getInt(9);
        }

        /** The reference a frame's payload holds: untrusted, so only its size is checked here. */
        static Ref decode(byte[] payload) throws Frame.BadFrame {
            if (payload.length != BYTES)
                throw new Frame.BadFrame("a block reference of " + payload.length + " bytes, not " + BYTES);
            ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
            return new Ref(b.get() & 0xFF, b.getLong(), b.getInt(), b.getLong());
        }
    }

    /** Bytes an echo names in its sender's own block, and what to run once no array views them. */
    record Echoed(ByteBuffer bytes, Runnable release) {}

    /** A block the writer reserved: where it lies, its sequence and payload length, and the arrays of this node that view it (echoes). */
    private static final class Block {
        final long offset, end, sequence;
        final int length;
        /** Arrays of this node viewing the block; {@link #GONE} once reclaimed. */
        final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
        static final int GONE = -1;

        /** One more array views the block; false when it was reclaimed. */
        boolean hold() {
            for (int h; (h = held.get()) != GONE; ) if (held.compareAndSet(h, h + 1)) return true;
            return false;
        }

        Block(long offset, long end, long sequence, int length) {
            this.offset = offset;
            this.end = end;
            this.sequence = sequence;
            this.length = length;
        }
    }

    private static long span(int length) {
        return (BLOCK_HEADER + (long) length + ALIGN - 1) & -ALIGN;
    }

    /**
     * The sender's side of one area. Used under its outbox's lock (but {@link #echo}, any
     * thread): one thread at a time,
     * in the order the frames are appended. Its record of the blocks still in use is its
     * own; from the mapped file it reads only their states and echo counts.
     */
    static final class Writer {

        private final Path file;
        private final long receiverIncarnation;
        private final long capacity;
        private final MappedByteBuffer map;
        private final ArrayList<Block> live = new ArrayList<>();    // by offset
        private final Map<Long, Block> bySequence = new java.util.concurrent.ConcurrentHashMap<>();   // the same, for the reader's echoes
        private final Held echoedHeld;              // bytes of this node's arrays viewing its own blocks
        private long nextSequence = 1;

        private Writer(Path file, long receiverIncarnation, long capacity, MappedByteBuffer map) {
            this.file = file;
            this.receiverIncarnation = receiverIncarnation;
            this.capacity = capacity;
            this.map = map;
            this.echoedHeld = new Held((long) (capacity * Lease.COLLECT_SHARE), Collector::ask);
        }

        /**
         * A new area at {@code file} (whatever was there is deleted first, so a reader that
         * mapped it keeps its old pages and never sees this one's as the old one's).
         */
        static Writer create(Path file, int sender, long senderIncarnation, int receiver, long receiverIncarnation, long capacity)
                throws IOException {
            if (capacity < ALIGN || capacity > MAX_CAPACITY) throw new IllegalArgumentException("block area of " + capacity + " bytes");
            Files.deleteIfExists(file);
            MappedByteBuffer m;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                m = ch.map(FileChannel.MapMode.READ_WRITE, 0, DATA + capacity);
            }
            m.order(ByteOrder.LITTLE_ENDIAN);
            m.putInt(4, VERSION).putInt(8, sender).putInt(12, receiver).putLong(16, senderIncarnation)
                    .putLong(24, receiverIncarnation).putLong(32, capacity);
            INT.setRelease(m, 0, MAGIC);
            return new Writer(file, receiverIncarnation, capacity, m);
        }

        long receiverIncarnation() {
            return receiverIncarnation;
        }

        /** True when a payload of {@code length} bytes could ever have a block here. */
        boolean fits(int length) {
            return span(length) <= capacity;
        }

        /**
         * A block for a payload of {@code length} bytes of kind {@code kind}, or null when
         * the area has no room for it now. The payload goes into {@link #data}, then
         * {@link #publish} makes the block readable.
         */
        Ref reserve(int kind, int length) {
            long span = span(length);
            long at = place(span);
            if (at < 0) return null;
            Ref r = new Ref(kind, at, length, nextSequence++);
            int i = 0;
            while (i < live.size() && live.get(i).offset < at) i++;
            Block b = new Block(at, at + span, r.sequence(), length);
            live.add(i, b);
            bySequence.put(b.sequence, b);
            map.putInt(DATA + (int) at + 8, length).putInt(DATA + (int) at + 12, 0);
            return r;
        }

        /** Where the payload of a block {@link #reserve} gave goes: {@code length} bytes, little-endian. */
        ByteBuffer data(Ref r) {
            return map.slice(DATA + (int) r.offset() + BLOCK_HEADER, r.length()).order(ByteOrder.LITTLE_ENDIAN);
        }

        /** The block's payload is written: from now on its reference is good (until the reader frees it). */
        void publish(Ref r) {
            LONG.setRelease(map, DATA + (int) r.offset(), r.sequence());
        }

        /** True when the reader freed the block {@code r} names (for tests). */
        boolean freedByReader(Ref r) {
            return (long) LONG.getAcquire(map, DATA + (int) r.offset()) == -r.sequence();
        }

        /** Blocks in use, as this side knows them (the reader may free them in any order). */
        int inUse() {
            reclaim();
            return live.size();
        }

        /**
         * Where a block of {@code span} bytes can start, or -1: the first gap that fits,
         * from the data's start. The reader frees blocks in any order (an array it received
         * in place holds its block until the array is dropped), so a block kept long only
         * takes its own room; and the low pages, already mapped in both processes, serve
         * again first.
         */
        private long place(long span) {
            reclaim();
            long from = 0;
            for (Block b : live) {
                if (b.offset - from >= span) return from;
                from = b.end;
            }
            return capacity - from >= span ? from : -1;
        }

        /**
         * Forgets the blocks the reader freed, that no echo of them is on its way back
         * and that no array here views: read in that order, as the reader counts an echo
         * before it lets go of its own view, and this side takes its hold before it
         * counts the echo off.
         */
        private void reclaim() {
            live.removeIf(b -> {
                boolean free = (long) LONG.getAcquire(map, DATA + (int) b.offset) == -b.sequence
                        && (int) INT.getAcquire(map, DATA + (int) b.offset + ECHOES) == 0 && b.held.compareAndSet(0, Block.GONE);
                if (free) bySequence.remove(b.sequence);
                return free;
            });
        }

        /**
         * The .npy bytes an echo names (bytes {@code at .. at + length} of the payload of
         * the block at {@code offset} with sequence {@code sequence}), held for an array of
         * this node until {@code release} runs; the echo is counted off. The reference is
         * untrusted: it must name a block this side reserved and has not reclaimed, inside
         * its payload. Any thread (the reader's): the hold is taken only on a block not yet
         * reclaimed, which reclaiming marks gone in the same compare-and-set.
         */
        Echoed echo(long offset, long sequence, int at, int length) throws Frame.BadFrame {
            Block b = bySequence.get(sequence);
            if (b == null || b.offset != offset || !b.hold())
                throw new Frame.BadFrame("an echo of block " + offset + " (sequence " + sequence + "), which is not one in use here");
            if (at < 0 || length <= 0 || (long) at + length > b.length) {
                b.held.decrementAndGet();
                throw new Frame.BadFrame("an echo of bytes " + at + " to " + ((long) at + length) + " of a block of " + b.length);
            }
            INT.getAndAdd(map, DATA + (int) offset + ECHOES, -1);
            echoedHeld.add(length);
            ByteBuffer bytes = map.slice(DATA + (int) offset + BLOCK_HEADER + at, length).order(ByteOrder.LITTLE_ENDIAN);
            return new Echoed(bytes, () -> {
                echoedHeld.remove(length);
                b.held.decrementAndGet();
            });
        }

        /** Removes the file; the pages go once neither process maps them. */
        void close() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the next area of this pair replaces it anyway
            }
        }
    }

    /** The receiver's side of one area, as its reader maps it. Confined to the reader, but for its leases' drops (any thread: a cleaner's). */
    static final class Reader {

        private final int sender;
        private final long senderIncarnation;
        private final long capacity;
        private final MappedByteBuffer map;
        private final long viewLimit;       // bytes that arrays received in place may hold: Lease.VIEW_SHARE of it
        private final Held held;            // bytes of arrays viewing this area's blocks

        private Reader(int sender, long senderIncarnation, long capacity, MappedByteBuffer map) {
            this.sender = sender;
            this.senderIncarnation = senderIncarnation;
            this.capacity = capacity;
            this.map = map;
            this.viewLimit = (long) (capacity * Lease.VIEW_SHARE);
            this.held = new Held((long) (capacity * Lease.COLLECT_SHARE), Collector::ask);
        }

        /** The area at {@code file}, which must be the one node {@code sender}'s incarnation made for this one. */
        static Reader open(Path file, int sender, long senderIncarnation, int receiver, long receiverIncarnation) throws Frame.BadFrame {
            String which = "node " + sender + "'s block area " + file.getFileName();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = ch.size();
                if (size < DATA) throw new Frame.BadFrame(which + " is " + size + " bytes, shorter than its header");
                MappedByteBuffer head = ch.map(FileChannel.MapMode.READ_ONLY, 0, DATA);
                head.order(ByteOrder.LITTLE_ENDIAN);
                if ((int) INT.getAcquire(head, 0) != MAGIC || head.getInt(4) != VERSION)
                    throw new Frame.BadFrame(which + " is not a block area of version " + VERSION);
                if (head.getInt(8) != sender || head.getInt(12) != receiver || head.getLong(16) != senderIncarnation
                        || head.getLong(24) != receiverIncarnation)
                    throw new Frame.BadFrame(which + " belongs to other incarnations (a node restarted)");
                long capacity = head.getLong(32);
                if (capacity < ALIGN || capacity > MAX_CAPACITY || DATA + capacity > size)
                    throw new Frame.BadFrame(which + " claims " + capacity + " bytes of data in a file of " + size);
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, DATA + capacity);
                m.order(ByteOrder.LITTLE_ENDIAN);
                return new Reader(sender, senderIncarnation, capacity, m);
            } catch (IOException e) {
                throw new Frame.BadFrame("cannot map " + which + ": " + e.getMessage());
            }
        }

        /** The payload a reference names, held until its {@link Lease} is dropped by all who use its bytes. */
        Lease lease(Ref r) throws Frame.BadFrame {
            int at = check(r);
            return new Lease(this, r, map.slice(at + BLOCK_HEADER, r.length()).order(ByteOrder.LITTLE_ENDIAN));
        }

        /** Where the block a reference names starts in the map, once the reference is found sound. */
        private int check(Ref r) throws Frame.BadFrame {
            if (r.offset() < 0 || r.offset() % ALIGN != 0 || r.length() < 0 || r.length() > Frame.MAX_PAYLOAD
                    || r.offset() > capacity - BLOCK_HEADER - r.length())
                throw new Frame.BadFrame("a block reference outside its area: offset " + r.offset() + ", length " + r.length()
                        + ", area of " + capacity + " bytes");
            int at = DATA + (int) r.offset();
            long state = (long) LONG.getAcquire(map, at);
            if (r.sequence() <= 0 || state != r.sequence())
                throw new Frame.BadFrame("a stale block reference: sequence " + r.sequence() + ", its block holds " + state);
            int length = map.getInt(at + 8);
            if (length != r.length())
                throw new Frame.BadFrame("a block reference of " + r.length() + " bytes to a block of " + length);
            return at;
        }

        /**
         * The payload was read: its block may be reused. Only a block that still holds this
         * reference's sequence is freed. Any thread (an array's data is freed by the
         * cleaner's).
         */
        void free(Ref r) {
            LONG.compareAndSet(map, DATA + (int) r.offset(), r.sequence(), -r.sequence());
        }

    }

    /**
     * One received payload's hold on its block: the reader's while it decodes, and one for
     * each array that took its data in place (numsky's view of the bytes, no copy). The
     * block is freed when the last of them lets go: the reader's at the end of the frame,
     * an array's when the collector finds it unreachable (the cleaner's thread). So that
     * arrays kept long, or not yet collected, cannot take the whole area, arrays take
     * their data in place only while the area's arrays hold at most {@link #VIEW_SHARE}
     * of it; beyond that they are copied out and free their block at once. Thread-safe.
     *
     * <p>A node that receives arrays in place allocates little, so on its own the JVM
     * would collect rarely and the views, long dropped, would keep their blocks. So when
     * the views come to hold {@link #COLLECT_SHARE} of an area, a collection is asked for
     * ({@link Collector}), as the JDK does for direct buffers when their limit is near,
     * but from a thread of its own, so the reader goes on while it runs. Asked for on an
     * area of 64 MiB it came every four arrays and cost more than it freed (array round
     * trips 70-90/s against 185-204/s without); on one of 1 GiB it comes every 51
     * float64[10^6] arrays.
     */
    static final class Lease {
        /** The share of an area that arrays received in place may hold. */
        static final double VIEW_SHARE = 0.75;
        /** The share of an area held by views past which a collection is asked for. */
        static final double COLLECT_SHARE = 0.4;

        private final Reader area;
        private final Ref ref;
        private final ByteBuffer data;
        private final java.util.concurrent.atomic.AtomicInteger holds = new java.util.concurrent.atomic.AtomicInteger(1);
        private volatile boolean counted;

        private Lease(Reader area, Ref ref, ByteBuffer data) {
            this.area = area;
            this.ref = ref;
            this.data = data;
        }

        /** The payload's bytes, writable (the sender no longer touches a block it published), little-endian. */
        ByteBuffer data() {
            return data;
        }

        /**
         * One more user of the block's bytes: an array about to view them. False when the
         * area's arrays hold too much of it already: the array copies instead.
         */
        boolean hold() {
            if (!counted) {
                if (area.held.add(ref.length()) > area.viewLimit) {
                    area.held.remove(ref.length());
                    Collector.ask();
                    return false;
                }
                counted = true;
            }
            holds.incrementAndGet();
            return true;
        }

        /** True when the block is in the area node {@code node}'s incarnation {@code incarnation} made for this node. */
        boolean from(int node, long incarnation) {
            return area.sender == node && area.senderIncarnation == incarnation;
        }

        /** The block's place in its sender's area. */
        Ref ref() {
            return ref;
        }

        /**
         * An array viewing the block goes back to its sender as an echo: counted in the
         * block until the sender takes it ({@link Writer#echo}). Only while an array holds
         * the block (so before it can be freed).
         */
        void echo() {
            INT.getAndAdd(area.map, DATA + (int) ref.offset() + ECHOES, 1);
        }

        /** An echo counted by {@link #echo} was not sent after all. */
        void unecho() {
            INT.getAndAdd(area.map, DATA + (int) ref.offset() + ECHOES, -1);
        }

        /** One user is done with the block's bytes; the last frees the block. */
        void drop() {
            if (holds.decrementAndGet() != 0) return;
            if (counted) area.held.remove(ref.length());
            area.free(ref);
        }
    }

    /**
     * Bytes that arrays viewing blocks hold, and when they ask for a collection: on rising
     * past the mark, then again only once they fell below half of it (a collection frees
     * the views dropped so far; those still alive must not make every next array ask).
     * Thread-safe.
     */
    static final class Held {
        private final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean(true);
        private final long askAt;
        private final Runnable ask;

        Held(long askAt, Runnable ask) {
            this.askAt = askAt;
            this.ask = ask;
        }

        /** {@code n} more bytes held; what is held now. */
        long add(long n) {
            long h = bytes.addAndGet(n);
            if (h > askAt && armed.compareAndSet(true, false)) ask.run();
            return h;
        }

        void remove(long n) {
            if (bytes.addAndGet(-n) < askAt / 2) armed.set(true);
        }
    }

    /**
     * Collections asked for by areas whose views hold much: one daemon thread, started at
     * the first ask, runs {@code System.gc()} once per batch of asks (asks made while one
     * runs make one more), and after each waits as long as it took, at least
     * {@link #SPACING_NANOS}, so that views kept alive, which no collection frees, cannot
     * keep the collector busy. A node's JVM flags make it a concurrent cycle
     * ({@code -XX:+ExplicitGCInvokesConcurrent}: a young pause, then marking beside the
     * program); the asking thread never waits for it.
     */
    static final class Collector {
        private static final java.util.concurrent.atomic.AtomicBoolean ASKED = new java.util.concurrent.atomic.AtomicBoolean();
        private static final java.util.concurrent.atomic.AtomicLong RUNS = new java.util.concurrent.atomic.AtomicLong();

        /** The least time between two collections (-Dskyloom.harbor.collectSpacingMillis). */
        static final long SPACING_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(Long.getLong("skyloom.harbor.collectSpacingMillis", 5));

        private Collector() {}

        private static final class Runner {
            static final Thread THREAD = Thread.ofPlatform().daemon().name("skyloom-harbor-collect").start(Runner::run);

            private static void run() {
                while (true) {
                    while (!ASKED.getAndSet(false)) java.util.concurrent.locks.LockSupport.park();
                    long t0 = System.nanoTime();
                    System.gc();
                    RUNS.incrementAndGet();
                    long until = System.nanoTime() + Math.max(System.nanoTime() - t0, SPACING_NANOS);
                    for (long left; (left = until - System.nanoTime()) > 0; ) java.util.concurrent.locks.LockSupport.parkNanos(left);
                }
            }
        }

        static void ask() {
            if (!ASKED.getAndSet(true)) java.util.concurrent.locks.LockSupport.unpark(Runner.THREAD);
        }

        /** Collections run so far, for tests. */
        static long runs() {
            return RUNS.get();
        }
    }

    /** The areas of every sender, as one node's reader maps them. Confined to the reader. */
    static final class Readers {

        private final HarborFolder folder;
        private final int me;
        private final long incarnation;
        private final Map<Integer, Reader> bySender = new HashMap<>();

        Readers(HarborFolder folder, int me, long incarnation) {
            this.folder = folder;
            this.me = me;
            this.incarnation = incarnation;
        }

        /** The payload frame {@code f} (from a sender already known to be that incarnation) names, held. */
        Lease lease(Frame f, Ref r) throws Frame.BadFrame {
            return area(f).lease(r);
        }

        private Reader area(Frame f) throws Frame.BadFrame {
            Reader a = bySender.get(f.senderNode());
            if (a != null && a.senderIncarnation == f.senderIncarnation()) return a;
            bySender.remove(f.senderNode());       // a restarted sender made a new area
            a = Reader.open(folder.blocks(f.senderNode(), me), f.senderNode(), f.senderIncarnation(), me, incarnation);
            bySender.put(f.senderNode(), a);
            return a;
        }
    }
}
