package io.skyloom.foreign.harbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.core.PType;
import io.skyloom.numsky.DType;
import io.skyloom.numsky.NDArray;
import io.skyloom.numsky.Npy;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sender's block area for one peer: blocks come back as the reader frees them; a full
 * area refuses a block until one is freed, and the outbox then sends inline; a block
 * freed out of order is reused at once; a big array is received in place and holds its
 * block until it is unreachable, within the area's share for such arrays; a reference that lies (outside the area, misaligned, stale, of another length) and an
 * area of other incarnations are refused with a clear error; a restart makes a new area.
 */
class BlockAreaTest {

    static final int SENDER = 1, RECEIVER = 2;
    static final long SENDER_INC = 11, RECEIVER_INC = 22;

    @TempDir
    Path dir;

    BlockArea.Writer writer(long capacity) throws Exception {
        return BlockArea.Writer.create(file(), SENDER, SENDER_INC, RECEIVER, RECEIVER_INC, capacity);
    }

    BlockArea.Reader reader() throws Exception {
        return BlockArea.Reader.open(file(), SENDER, SENDER_INC, RECEIVER, RECEIVER_INC);
    }

    Path file() {
        return new HarborFolder(dir).blocks(SENDER, RECEIVER);
    }

    static BlockArea.Ref put(BlockArea.Writer w, byte[] payload) {
        BlockArea.Ref r = w.reserve(Payloads.BYTES, payload.length);
        if (r == null) return null;
        w.data(r).put(payload);
        w.publish(r);
        return r;
    }

    static byte[] take(BlockArea.Reader rd, BlockArea.Ref r) throws Frame.BadFrame {
        BlockArea.Lease lease = rd.lease(r);
        ByteBuffer b = lease.data();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        lease.drop();
        return out;
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + seed);
        return b;
    }

    @Test
    void freedBlocksServeAgainFromTheAreasStart() throws Exception {
        BlockArea.Writer w = writer(64 << 10);
        BlockArea.Reader rd = reader();
        List<Long> offsets = new ArrayList<>();
        List<BlockArea.Ref> waiting = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] p = bytes(5_000 + 997 * (i % 7), i);
            BlockArea.Ref r = put(w, p);
            assertThat(r).as("block %d, with at most two waiting", i).isNotNull();
            offsets.add(r.offset());
            waiting.add(r);
            if (waiting.size() == 3) {                     // the reader lags two blocks behind
                BlockArea.Ref first = waiting.remove(0);
                assertThat(take(rd, first)).isEqualTo(bytes(first.length(), (int) first.sequence() - 1));
            }
        }
        assertThat(offsets).as("freed room at the start served again").filteredOn(o -> o == 0).hasSizeGreaterThan(5);
        assertThat(offsets).allMatch(o -> o % BlockArea.ALIGN == 0 && o >= 0 && o < (64 << 10));
    }

    @Test
    void aFullAreaRefusesUntilTheReaderFreesABlock() throws Exception {
        BlockArea.Writer w = writer(64 << 10);
        BlockArea.Reader rd = reader();
        BlockArea.Ref a = put(w, bytes(30_000, 1)), b = put(w, bytes(30_000, 2));
        assertThat(a).isNotNull();
        assertThat(b).isNotNull();
        assertThat(put(w, bytes(30_000, 3))).as("no room for a third").isNull();
        assertThat(w.fits(70_000)).as("bigger than the area: never").isFalse();
        take(rd, a);
        BlockArea.Ref c = put(w, bytes(30_000, 3));
        assertThat(c).isNotNull();
        assertThat(c.offset()).as("the freed block's place").isEqualTo(a.offset());
        assertThat(take(rd, b)).isEqualTo(bytes(30_000, 2));
        assertThat(take(rd, c)).isEqualTo(bytes(30_000, 3));
        assertThat(w.inUse()).isZero();
    }

    @Test
    void aBlockFreedOutOfOrderIsReusedAtOnceAndOneKeptLongTakesOnlyItsOwnRoom() throws Exception {
        BlockArea.Writer w = writer(64 << 10);
        BlockArea.Reader rd = reader();
        BlockArea.Ref a = put(w, bytes(20_000, 1)), b = put(w, bytes(20_000, 2)), c = put(w, bytes(20_000, 3));
        assertThat(put(w, bytes(20_000, 4))).as("full").isNull();
        assertThat(take(rd, b)).isEqualTo(bytes(20_000, 2));
        assertThat(w.inUse()).as("the middle one is free, the oldest still held").isEqualTo(2);
        BlockArea.Ref d = put(w, bytes(20_000, 4));
        assertThat(d).as("the middle block's room serves while the oldest is held").isNotNull();
        assertThat(d.offset()).isEqualTo(b.offset());
        for (int i = 0; i < 20; i++) {            // the oldest (an array kept long) never frees: the rest still cycle
            assertThat(take(rd, d)).isEqualTo(bytes(20_000, 4 + i));
            d = put(w, bytes(20_000, 5 + i));
            assertThat(d).isNotNull();
        }
        assertThat(take(rd, c)).isEqualTo(bytes(20_000, 3));
        assertThat(take(rd, d)).isEqualTo(bytes(20_000, 24));
        assertThat(take(rd, a)).isEqualTo(bytes(20_000, 1));
        assertThat(w.inUse()).isZero();
        assertThat(put(w, bytes(60_000, 5))).as("all of it free again").isNotNull();
    }

    @Test
    void referencesThatLieAreRefusedAndTheBlockStays() throws Exception {
        BlockArea.Writer w = writer(64 << 10);
        BlockArea.Reader rd = reader();
        BlockArea.Ref good = put(w, bytes(1_000, 7));
        assertBad(rd, new BlockArea.Ref(Payloads.BYTES, -64, 1_000, good.sequence()), "outside its area");
        assertBad(rd, new BlockArea.Ref(Payloads.BYTES, 8, 1_000, good.sequence()), "outside its area");
        assertBad(rd, new BlockArea.Ref(Payloads.BYTES, 64 << 10, 10, 1), "outside its area");
        assertBad(rd, new BlockArea.Ref(Payloads.BYTES, Long.MAX_VALUE & -64, 10, 1), "outside its area");
        assertBad(rd, new BlockArea.Ref(Payloads.BYTES, 0, Integer.MAX_VALUE, good.sequence()), "outside its area");
        assertBad(rd, new BlockArea.Ref(Payloads.BYTES, 0, -1, good.sequence()), "outside its area");
        assertBad(rd, new BlockArea.Ref(Payloads.BYTES, 0, (64 << 10) - 8, good.sequence()), "outside its area");
        assertBad(rd, new BlockArea.Ref(Payloads.BYTES, 0, 1_000, good.sequence() + 1), "stale");
        assertBad(rd, new BlockArea.Ref(Payloads.BYTES, 0, 1_000, -good.sequence()), "stale");
        assertBad(rd, new BlockArea.Ref(Payloads.BYTES, 0, 999, good.sequence()), "a block of 1000");
        assertBad(rd, new BlockArea.Ref(Payloads.BYTES, 1024, 1_000, 0), "stale");
        assertThat(take(rd, good)).as("the real reference still reads").isEqualTo(bytes(1_000, 7));
        assertBad(rd, good, "stale");                      // read twice: freed
    }

    @Test
    void anAreaOfOtherIncarnationsOrWithALyingHeaderIsRefused() throws Exception {
        writer(64 << 10);
        assertThatThrownBy(() -> BlockArea.Reader.open(file(), SENDER, SENDER_INC + 1, RECEIVER, RECEIVER_INC))
                .isInstanceOf(Frame.BadFrame.class).hasMessageContaining("other incarnations");
        assertThatThrownBy(() -> BlockArea.Reader.open(file(), SENDER, SENDER_INC, RECEIVER, RECEIVER_INC + 1))
                .isInstanceOf(Frame.BadFrame.class).hasMessageContaining("other incarnations");
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40), 32);   // capacity: 1 TiB
        }
        assertThatThrownBy(this::reader).isInstanceOf(Frame.BadFrame.class).hasMessageContaining("claims");
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            ch.truncate(100);
        }
        assertThatThrownBy(this::reader).isInstanceOf(Frame.BadFrame.class).hasMessageContaining("shorter than its header");
        Files.delete(file());
        assertThatThrownBy(this::reader).isInstanceOf(Frame.BadFrame.class).hasMessageContaining("cannot map");
    }

    @Test
    void aRestartGetsAFreshAreaAndTheOldReferencesAreRefused() throws Exception {
        BlockArea.Writer w = writer(64 << 10);
        BlockArea.Ref old = put(w, bytes(1_000, 1));
        BlockArea.Readers readers = new BlockArea.Readers(new HarborFolder(dir), RECEIVER, RECEIVER_INC);
        Frame f = new Frame(SENDER, SENDER_INC, RECEIVER_INC, 0x01000001, 0x02000001, PType.TEXT, 0, Payloads.BLOCK, old.encode());
        assertThat(readers.lease(f, old).data().remaining()).isEqualTo(1_000);
        // the sender restarts: a new incarnation makes a new file, whose first block is at the same place
        BlockArea.Writer again = BlockArea.Writer.create(file(), SENDER, SENDER_INC + 1, RECEIVER, RECEIVER_INC, 64 << 10);
        BlockArea.Ref fresh = put(again, bytes(2_000, 2));
        assertThat(fresh.offset()).isEqualTo(old.offset());
        Frame g = new Frame(SENDER, SENDER_INC + 1, RECEIVER_INC, 0x01000001, 0x02000001, PType.TEXT, 0, Payloads.BLOCK, fresh.encode());
        ByteBuffer b = readers.lease(g, fresh).data();
        byte[] got = new byte[b.remaining()];
        b.get(got);
        assertThat(got).isEqualTo(bytes(2_000, 2));
        assertThatThrownBy(() -> readers.lease(f, old)).as("the old incarnation's area is gone")
                .isInstanceOf(Frame.BadFrame.class).hasMessageContaining("other incarnations");
        w.close();
        again.close();
        assertThat(file()).doesNotExist();
    }

    @Test
    void anOutboxPutsBigPayloadsInBlocksAndSendsInlineWhenTheAreaIsFull() throws Exception {
        HarborFolder folder = new HarborFolder(dir);
        NDArray a = NDArray.arange(0, 40_000, 1, DType.FLOAT64);     // 320 kB of data
        Outbox box = Outbox.open(folder, SENDER, SENDER_INC, RECEIVER, null, 1 << 20);
        BlockArea.Readers readers = new BlockArea.Readers(folder, RECEIVER, RECEIVER_INC);
        try (ChronicleQueue q = folder.openQueue(RECEIVER)) {
            for (int i = 0; i < 4; i++) {
                Payloads.Wire w = Payloads.encode(PType.FOREIGN, new Object[] {"echo", a});
                try {
                    assertThat(box.append(RECEIVER_INC, 0x01000001, 0x02000001, 5, w)).isTrue();
                } finally {
                    w.release();
                }
            }
            ExcerptTailer tailer = q.createTailer();
            List<Integer> kinds = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Frame f = readOne(tailer);
                kinds.add(f.kind());
                Object[] v = (Object[]) Payloads.decode(f, readers).payload();
                assertThat(v[0]).isEqualTo("echo");
                assertThat(((NDArray) v[1]).toDoubleArray()).isEqualTo(a.toDoubleArray());
            }
            assertThat(kinds).as("three blocks fit in 1 MiB; the fourth waited, then went inline")
                    .containsExactly(Payloads.BLOCK, Payloads.BLOCK, Payloads.BLOCK, Payloads.KRYO);
            Payloads.Wire w = Payloads.encode(PType.FOREIGN, new Object[] {a});
            box.append(RECEIVER_INC, 0x01000001, 0x02000001, 5, w);
            w.release();
            assertThat(readOne(tailer).kind()).as("freed blocks serve again").isEqualTo(Payloads.BLOCK);
        } finally {
            box.close();
        }
    }

    @Test
    void aBigArrayIsReceivedInPlaceAndHoldsItsBlockUntilItIsUnreachable() throws Exception {
        BlockArea.Writer w = writer(4 << 20);
        BlockArea.Readers readers = new BlockArea.Readers(new HarborFolder(dir), RECEIVER, RECEIVER_INC);
        NDArray sent = NDArray.arange(0, 100_000, 1, DType.FLOAT64);          // 800 kB of data
        Frame f = inBlock(w, new Object[] {"echo", sent, "after"});
        Object[] v = (Object[]) Payloads.decode(f, readers).payload();
        NDArray got = (NDArray) v[1];
        assertThat(v[0]).isEqualTo("echo");
        assertThat(v[2]).isEqualTo("after");
        assertThat(Npy.isView(got)).as("its data left where it came").isTrue();
        assertThat(got.toDoubleArray()).isEqualTo(sent.toDoubleArray());
        assertThat(w.inUse()).as("the array holds its block").isEqualTo(1);
        got.set(-1.0, 7);
        assertThat(got.getDouble(7)).isEqualTo(-1.0);
        assertThat(sent.getDouble(7)).as("the receiver's array is its own").isEqualTo(7.0);
        // More arrays in place than the area's share for them: the rest are copied and free their blocks at once.
        List<NDArray> kept = new ArrayList<>();
        for (int i = 0; i < 4; i++) kept.add((NDArray) ((Object[]) Payloads.decode(inBlock(w, new Object[] {sent}), readers).payload())[0]);
        assertThat(kept.stream().filter(Npy::isView).count()).as("3 MiB of 4 for views: two more fit").isEqualTo(2);
        assertThat(w.inUse()).isEqualTo(3);
        for (NDArray k : kept) assertThat(k.toDoubleArray()).isEqualTo(sent.toDoubleArray());
        Reference.reachabilityFence(got);
        got = null;
        v = null;
        kept.clear();
        collectUntil(() -> w.inUse() == 0, "blocks freed once their arrays are unreachable");
        w.close();
    }

    @Test
    void viewsDroppedByAProgramThatAllocatesNothingStillFreeTheirBlocks() throws Exception {
        // The collector is asked for once views hold 40% of the area: without it, nothing
        // here would make the JVM collect, and the area would stay full of dropped views.
        BlockArea.Writer w = writer(8 << 20);
        BlockArea.Readers readers = new BlockArea.Readers(new HarborFolder(dir), RECEIVER, RECEIVER_INC);
        NDArray sent = NDArray.arange(0, 100_000, 1, DType.FLOAT64);          // 800 kB of data
        long runs = BlockArea.Collector.runs();
        int views = 0;
        for (int i = 0; i < 60; i++) {                  // 48 MB through an area of 8 MiB
            Payloads.Wire wire = Payloads.encode(PType.FOREIGN, new Object[] {sent});
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                BlockArea.Ref r;
                while ((r = w.reserve(wire.kind(), wire.length())) == null) {
                    assertThat(System.nanoTime()).as("array %d finds a block freed", i).isLessThan(deadline);
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
                wire.writeTo(w.data(r));
                w.publish(r);
                Frame f = new Frame(SENDER, SENDER_INC, RECEIVER_INC, 0x01000001, 0x02000001, wire.type(), 0, Payloads.BLOCK, r.encode());
                NDArray got = (NDArray) ((Object[]) Payloads.decode(f, readers).payload())[0];
                if (Npy.isView(got)) views++;
                assertThat(got.getDouble(99_999)).isEqualTo(99_999.0);
            } finally {
                wire.release();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (BlockArea.Collector.runs() <= runs) {    // asked for at 40%: it runs on its own thread
            assertThat(System.nanoTime()).as("a collection asked for and run").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        // 6 MiB of the 8 may be views at once: 7 of these. More than 7 views in all means
        // dropped ones gave their blocks back (the others were copied out, as when full).
        assertThat(views).as("views, beyond the 7 that fit at once").isGreaterThan(7);
        w.close();
    }

    @Test
    void anArraySentBackToTheSenderOfItsBlockGoesAsAnEchoAndSharesTheBlock() throws Exception {
        BlockArea.Writer w = writer(4 << 20);
        BlockArea.Readers readers = new BlockArea.Readers(new HarborFolder(dir), RECEIVER, RECEIVER_INC);
        NDArray sent = NDArray.arange(0, 100_000, 1, DType.FLOAT64);          // 800 kB of data
        Frame f = inBlock(w, new Object[] {sent});
        BlockArea.Ref ref = BlockArea.Ref.decode(f.payload());
        NDArray got = (NDArray) ((Object[]) Payloads.decode(f, readers).payload())[0];
        Payloads.Wire back = Payloads.encode(PType.FOREIGN, new Object[] {"echo", got}, SENDER, SENDER_INC);
        NDArray echoed;
        try {
            assertThat(back.length()).as("a reference, not 800 kB").isLessThan(100);
            back.sent();
            Frame reply = new Frame(RECEIVER, RECEIVER_INC, SENDER_INC, 0x02000001, 0x01000001, back.type(), 0, back.kind(), back.exact());
            assertThatThrownBy(() -> Payloads.decode(reply)).as("a reader with no area of its own")
                    .isInstanceOf(Frame.BadFrame.class).hasMessageContaining("echo");
            Object[] v = (Object[]) Payloads.decode(reply, null, (sender, inc, offset, sequence, at, length) -> {
                assertThat(sender).isEqualTo(RECEIVER);
                assertThat(inc).isEqualTo(RECEIVER_INC);
                return w.echo(offset, sequence, at, length);
            }).payload();
            assertThat(v[0]).isEqualTo("echo");
            echoed = (NDArray) v[1];
            v[1] = null;                    // the frame's values must not keep the array alive below
        } finally {
            back.release();
        }
        assertThat(Npy.isView(echoed)).as("viewed in the sender's own block").isTrue();
        assertThat(echoed.toDoubleArray()).isEqualTo(sent.toDoubleArray());
        got.set(-5.0, 3);
        assertThat(echoed.getDouble(3)).as("both share the bytes, as an array passed in process").isEqualTo(-5.0);
        // The receiver lets go first: the sender's array still holds the block.
        Reference.reachabilityFence(got);
        got = null;
        collectUntil(() -> w.freedByReader(ref), "the receiver's view collected");
        assertThat(w.inUse()).as("the echoed array holds the block").isEqualTo(1);
        assertThat(echoed.getDouble(99_999)).isEqualTo(99_999.0);
        Reference.reachabilityFence(echoed);
        echoed = null;
        collectUntil(() -> w.inUse() == 0, "the block is reused once both let go");
        w.close();
    }

    @Test
    void anEchoThatWasNotSentIsCountedOffAndOneThatLiesIsRefused() throws Exception {
        BlockArea.Writer w = writer(4 << 20);
        BlockArea.Readers readers = new BlockArea.Readers(new HarborFolder(dir), RECEIVER, RECEIVER_INC);
        NDArray sent = NDArray.arange(0, 100_000, 1, DType.FLOAT64);
        Frame f = inBlock(w, new Object[] {sent});
        BlockArea.Ref ref = BlockArea.Ref.decode(f.payload());
        NDArray got = (NDArray) ((Object[]) Payloads.decode(f, readers).payload())[0];
        Payloads.Wire toOther = Payloads.encode(PType.FOREIGN, new Object[] {got}, 3, 33);
        assertThat(toOther.length()).as("to another node: the data itself").isGreaterThan(800_000);
        toOther.release();
        Payloads.Wire notSent = Payloads.encode(PType.FOREIGN, new Object[] {got}, SENDER, SENDER_INC);
        assertThat(notSent.length()).isLessThan(100);
        notSent.release();                              // the append failed, say: the echo is counted off
        assertThatThrownBy(() -> w.echo(ref.offset(), ref.sequence() + 1, 0, 100)).isInstanceOf(Frame.BadFrame.class)
                .hasMessageContaining("not one in use here");
        assertThatThrownBy(() -> w.echo(ref.offset() + 64, ref.sequence(), 0, 100)).isInstanceOf(Frame.BadFrame.class)
                .hasMessageContaining("not one in use here");
        assertThatThrownBy(() -> w.echo(ref.offset(), ref.sequence(), 16, ref.length())).isInstanceOf(Frame.BadFrame.class)
                .hasMessageContaining("of a block of " + ref.length());
        assertThatThrownBy(() -> w.echo(ref.offset(), ref.sequence(), -1, 10)).isInstanceOf(Frame.BadFrame.class);
        Reference.reachabilityFence(got);
        got = null;
        collectUntil(() -> w.inUse() == 0, "no echo left counted: the block is reused");
        w.close();
    }

    @Test
    void heldBytesAskForACollectionOncePerRisePastTheMark() {
        java.util.concurrent.atomic.AtomicInteger asks = new java.util.concurrent.atomic.AtomicInteger();
        BlockArea.Held held = new BlockArea.Held(100, asks::incrementAndGet);
        held.add(60);
        assertThat(asks).hasValue(0);
        held.add(60);                                   // 120: past the mark
        held.add(10);
        held.remove(30);                                // 100: a collection freed some, not enough
        held.add(30);
        assertThat(asks).as("views still alive make no new ask").hasValue(1);
        held.remove(90);                                // 40: below half the mark, re-armed
        held.add(70);
        assertThat(asks).as("asked again on the next rise").hasValue(2);
    }

    @Test
    void smallArraysAndBytesInABlockAreCopiedAndFreeItAtOnce() throws Exception {
        BlockArea.Writer w = writer(4 << 20);
        BlockArea.Readers readers = new BlockArea.Readers(new HarborFolder(dir), RECEIVER, RECEIVER_INC);
        List<Object> many = new ArrayList<>();          // as an Object[]: a list of values
        for (int i = 0; i < 100; i++) many.add(NDArray.arange(0, 1_000, 1, DType.FLOAT64));   // 8 kB each, 800 kB in all
        Object[] v = (Object[]) Payloads.decode(inBlock(w, new Object[] {many.toArray()}), readers).payload();
        List<?> got = java.util.Arrays.asList((Object[]) v[0]);
        assertThat(got).hasSize(100).allSatisfy(a -> assertThat(Npy.isView((NDArray) a)).isFalse());
        assertThat(w.inUse()).as("nothing holds the block").isZero();
        w.close();
    }

    /** {@code values} as a foreign message in a block of {@code w}, and the frame that names it. */
    private static Frame inBlock(BlockArea.Writer w, Object[] values) {
        Payloads.Wire wire = Payloads.encode(PType.FOREIGN, values);
        try {
            BlockArea.Ref r = w.reserve(wire.kind(), wire.length());
            assertThat(r).as("room in the area").isNotNull();
            wire.writeTo(w.data(r));
            w.publish(r);
            return new Frame(SENDER, SENDER_INC, RECEIVER_INC, 0x01000001, 0x02000001, wire.type(), 0, Payloads.BLOCK, r.encode());
        } finally {
            wire.release();
        }
    }

    /** Asks the JVM to collect until {@code done}, which must come within 20 s. */
    static void collectUntil(java.util.function.BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            System.gc();
            Thread.onSpinWait();
        }
    }

    void assertBad(BlockArea.Reader rd, BlockArea.Ref r, String why) {
        assertThatThrownBy(() -> rd.lease(r)).isInstanceOf(Frame.BadFrame.class).hasMessageContaining(why);
    }

    private static Frame readOne(ExcerptTailer tailer) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (;;) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (dc.isPresent()) {
                    Bytes<?> b = dc.wire().bytes();
                    int n = (int) b.readRemaining();
                    byte[] head = new byte[Math.min(n, Frame.HEADER)];
                    b.read(head);
                    return Frame.decode(ByteBuffer.wrap(head), n, p -> b.read(p));
                }
            }
            assertThat(System.nanoTime()).as("a frame within 30 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
