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
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a payload too big for the queue travels: a ring of reusable pages that one node
 * (the sender) shares with one peer. Chronicle's queue only appends, so each frame there
 * lands on pages never touched before: measured on /dev/shm, 6-12 ms per 8 MB, against
 * 0.45-0.85 ms into pages already mapped. So the sender writes a payload of at least
 * {@link #MIN_PAYLOAD} bytes into a block of its area for that peer and appends a frame
 * that only names the block (a {@link Ref}: offset, length, sequence); the peer's reader
 * checks the reference, reads the payload out of the block and frees it. Blocks are
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
 *                     i64 state, i32 length, i32 0, then the payload
 * </pre>
 *
 * A block's state is its sequence number (1, 2, ... in the order the sender reserved
 * them) while its payload waits, and minus that once the reader freed it; the reader
 * takes a reference only when the block's state is the sequence the reference names, so
 * a stale reference (a block freed and reused since) and a made-up one are refused.
 * Everything the reader takes from the file (header, offsets, lengths) is untrusted and
 * checked; the sender trusts only its own record of what it reserved.
 */
final class BlockArea {

    /** The smallest payload that goes through an area: below it, the copy into the queue costs less than a block. */
    static final int MIN_PAYLOAD = 64 << 10;
    /** Data bytes of a new area (-Dskyloom.harbor.blockAreaMiB): eight float64[10^6] arrays. The file is sparse. */
    static final long CAPACITY = Long.getLong("skyloom.harbor.blockAreaMiB", 64) << 20;
    /** The largest area a reader maps. */
    static final long MAX_CAPACITY = 1L << 30;
    static final int MAGIC = 0x41424b53, VERSION = 1;
    static final int DATA = 4096, BLOCK_HEADER = 16, ALIGN = 64;

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

        /** The reference a frame's payload holds: untrusted, so only its size is checked here. */
        static Ref decode(byte[] payload) throws Frame.BadFrame {
            if (payload.length != BYTES)
                throw new Frame.BadFrame("a block reference of " + payload.length + " bytes, not " + BYTES);
            ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
            return new Ref(b.get() & 0xFF, b.getLong(), b.getInt(), b.getLong());
        }
    }

    private static long span(int length) {
        return (BLOCK_HEADER + (long) length + ALIGN - 1) & -ALIGN;
    }

    /**
     * The sender's side of one area. Used under its outbox's lock: one thread at a time,
     * in the order the frames are appended. Its record of the blocks still in use is its
     * own; from the mapped file it reads only their states.
     */
    static final class Writer {

        private final Path file;
        private final long receiverIncarnation;
        private final long capacity;
        private final MappedByteBuffer map;
        private final ArrayDeque<long[]> live = new ArrayDeque<>();   // {offset, end, sequence}, oldest first
        private long nextSequence = 1;

        private Writer(Path file, long receiverIncarnation, long capacity, MappedByteBuffer map) {
            this.file = file;
            this.receiverIncarnation = receiverIncarnation;
            this.capacity = capacity;
            this.map = map;
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
            live.addLast(new long[] {at, at + span, r.sequence()});
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

        /** Blocks in use, oldest first, up to the first one still unread (as this side knows them). */
        int inUse() {
            reclaim();
            return live.size();
        }

        /**
         * Where a block of {@code span} bytes can start, or -1: the blocks in use are one
         * run from the oldest to the newest, maybe wrapped past the end; the new one goes
         * after the newest, or at the start when the end has no room.
         */
        private long place(long span) {
            reclaim();
            if (live.isEmpty()) return span <= capacity ? 0 : -1;
            long first = live.peekFirst()[0], end = live.peekLast()[1];
            if (end > first) {                               // not wrapped: room after the newest, or before the oldest
                if (capacity - end >= span) return end;
                return first >= span ? 0 : -1;
            }
            return first - end >= span ? end : -1;           // wrapped: the room is between the newest and the oldest
        }

        /** Forgets the oldest blocks the reader freed. A block freed out of order waits for the ones before it. */
        private void reclaim() {
            while (!live.isEmpty()) {
                long[] b = live.peekFirst();
                if ((long) LONG.getAcquire(map, DATA + (int) b[0]) != -b[2]) return;
                live.pollFirst();
            }
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

    /** The receiver's side of one area, as its reader maps it. Confined to the reader. */
    static final class Reader {

        private final long senderIncarnation;
        private final long capacity;
        private final MappedByteBuffer map;

        private Reader(long senderIncarnation, long capacity, MappedByteBuffer map) {
            this.senderIncarnation = senderIncarnation;
            this.capacity = capacity;
            this.map = map;
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
                return new Reader(senderIncarnation, capacity, m);
            } catch (IOException e) {
                throw new Frame.BadFrame("cannot map " + which + ": " + e.getMessage());
            }
        }

        /** The payload a reference names, read-only, once the reference is found sound. */
        ByteBuffer open(Ref r) throws Frame.BadFrame {
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
            return map.slice(at + BLOCK_HEADER, r.length()).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }

        /** The payload was read: its block may be reused. Only a block that still holds this reference's sequence is freed. */
        void free(Ref r) {
            LONG.compareAndSet(map, DATA + (int) r.offset(), r.sequence(), -r.sequence());
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

        /** The payload frame {@code f} (from a sender already known to be that incarnation) names. */
        ByteBuffer open(Frame f, Ref r) throws Frame.BadFrame {
            return area(f).open(r);
        }

        void free(Frame f, Ref r) {
            Reader a = bySender.get(f.senderNode());
            if (a != null && a.senderIncarnation == f.senderIncarnation()) a.free(r);
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
