package io.skyloom.foreign.harbor;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.core.PType;
import io.skyloom.core.kernel.RemoteError;
import io.skyloom.foreign.ForeignValues;
import io.skyloom.numsky.DType;
import io.skyloom.numsky.NDArray;
import io.skyloom.numsky.Npy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes from another process are untrusted: 10^5 random, truncated, mutated and hostile
 * frames go through the decoder a node's reader uses. Each either decodes to a value of
 * a registered type or fails as a {@link Frame.BadFrame} naming why; nothing else is
 * thrown (no OutOfMemoryError, no StackOverflowError, no Kryo or Java exception), and no
 * allocation goes beyond the frame's own length (a 2 GiB length claim in a 30-byte
 * frame is refused before allocating). The bound: a frame is at most
 * {@link Frame#MAX_PAYLOAD} bytes, and decoding allocates at most a small multiple of
 * the bytes it holds.
 *
 * <p>Frames whose payload is in the sender's block area ({@link BlockArea}) get the same:
 * mutated payloads in real blocks, decoded in place from the mapped area, and references
 * that lie (outside the area, stale, of a wrong length or kind, too short, to an area
 * that is not there). A reference is checked before anything is read through it.
 */
class RemoteFrameFuzzTest {

    static final int CASES = 100_000;
    final SplittableRandom random = new SplittableRandom(20261201);

    @TempDir
    Path dir;
    BlockArea.Writer area;        // node 2's area for node 1, as node 2 writes it
    BlockArea.Readers areas;      // node 1's reader of it

    @BeforeEach
    void areas() throws Exception {
        HarborFolder folder = new HarborFolder(dir);
        area = BlockArea.Writer.create(folder.blocks(2, 1), 2, 7, 1, 9, 4 << 20);
        areas = new BlockArea.Readers(folder, 1, 9);
    }

    /** A frame from node 2 whose payload of kind {@code kind} is in a new block of its area. */
    byte[] inBlock(int kind, byte[] payload) {
        BlockArea.Ref r = area.reserve(kind, payload.length);
        assertThat(r).as("the area has room: every block fed is freed").isNotNull();
        area.data(r).put(payload);
        area.publish(r);
        return blockFrame(r.encode());
    }

    byte[] blockFrame(byte[] ref) {
        return new Frame(2, 7, 9, 0x02000001, 0x01000002, PType.FOREIGN_REMOTE, 5, Payloads.BLOCK, ref).encode();
    }

    /** Frames a well-behaved node writes, as seeds for mutation. */
    List<byte[]> seeds() {
        List<byte[]> s = new ArrayList<>();
        Object[] values = {
                new Object[] {"cmd", 1L, 2.5, true, null, "ünïcode", new byte[] {1, 2, 3}},
                new Object[] {ForeignValues.freeze(List.of(1L, List.of(2L, List.of(3L)))), ForeignValues.freeze(Map.of("k", "v"))},
                new Object[] {NDArray.arange(0, 16, 1, DType.FLOAT64), NDArray.arange(0, 6, 1, DType.INT8).reshape(2, 3)},
                new RemoteError("boom", "stack traceback:\n\tx.lua:1", false),
                new Object[] {"big", NDArray.arange(0, 10_000, 1, DType.FLOAT64).reshape(100, 100)},   // data held back, 80 kB
        };
        for (Object v : values) {
            Payloads.Wire w = Payloads.encode(PType.FOREIGN, v);
            s.add(new Frame(2, 7, 9, 0x02000001, 0x01000002, w.type(), 5, w.kind(), w.exact()).encode());
        }
        s.add(new Frame(2, 7, 9, 0x02000001, 0x01000002, PType.TEXT, 0, Payloads.BYTES, "hi".getBytes()).encode());
        return s;
    }

    void feed(byte[] frame) {
        try {
            Frame f = Frame.decode(frame, frame.length);
            Payloads.decode(f, areas);
        } catch (Frame.BadFrame expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Test
    void theSeedsThemselvesDecode() throws Exception {
        for (byte[] s : seeds()) {
            Frame f = Frame.decode(s, s.length);
            Payloads.decode(f);
            Payloads.decode(Frame.decode(inBlock(f.kind(), f.payload()), Frame.HEADER + BlockArea.Ref.BYTES), areas);
        }
        assertFreedOnceUnreachable("each block freed once read and its arrays dropped");
    }

    @Test
    void randomTruncatedMutatedAndHostileFramesFailCleanly() {
        List<byte[]> seeds = seeds();
        for (int i = 0; i < CASES; i++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            byte[] f = switch (i % 7) {
                case 0 -> randomBytes(random.nextInt(200));                                   // noise
                case 1 -> java.util.Arrays.copyOf(seed, random.nextInt(seed.length + 1));     // truncated
                case 2 -> mutate(seed.clone(), 1 + random.nextInt(4));                        // flipped bytes
                case 3 -> hostilePayload(seed);                                               // lengths that lie
                case 4 -> splice(seed, seeds.get(random.nextInt(seeds.size())));              // two halves
                case 5 -> inBlock(random.nextInt(7), payloadOf(corrupt(seed)));               // a bad payload in a real block
                default -> blockFrame(mutate(lastRef(), 1 + random.nextInt(4)));              // a reference that lies
            };
            feed(f);
        }
        assertFreedOnceUnreachable("every real block was read and freed once its arrays were dropped");
    }

    /** Blocks whose arrays viewed them in place are freed when the arrays are collected: every block, in time. */
    void assertFreedOnceUnreachable(String what) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (area.inUse() > 0) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            System.gc();
            Thread.onSpinWait();
        }
    }

    /** A seed truncated, flipped, with lying lengths or spliced. */
    byte[] corrupt(byte[] seed) {
        return switch (random.nextInt(3)) {
            case 0 -> mutate(seed.clone(), 1 + random.nextInt(4));
            case 1 -> hostilePayload(seed);
            default -> java.util.Arrays.copyOf(seed, Frame.HEADER + random.nextInt(seed.length - Frame.HEADER + 1));
        };
    }

    static byte[] payloadOf(byte[] frame) {
        return java.util.Arrays.copyOfRange(frame, Math.min(frame.length, Frame.HEADER), frame.length);
    }

    /** A reference to a block that was real once (read and freed since), to mutate. */
    byte[] lastRef() {
        return new BlockArea.Ref(Payloads.KRYO, 64L * random.nextInt(1000), random.nextInt(1 << 16), 1 + random.nextInt(CASES)).encode();
    }

    @Test
    void blockReferencesThatLieAreRefusedBeforeAnythingIsRead() {
        byte[] good = Payloads.encode(PType.FOREIGN, new Object[] {"x"}).exact();
        BlockArea.Ref real = area.reserve(Payloads.KRYO, good.length);
        area.data(real).put(good);
        area.publish(real);
        assertBad(blockFrame(new BlockArea.Ref(Payloads.KRYO, -64, good.length, real.sequence()).encode()), "outside its area");
        assertBad(blockFrame(new BlockArea.Ref(Payloads.KRYO, 4 << 20, 1, real.sequence()).encode()), "outside its area");
        assertBad(blockFrame(new BlockArea.Ref(Payloads.KRYO, 0, Integer.MAX_VALUE, real.sequence()).encode()), "outside its area");
        assertBad(blockFrame(new BlockArea.Ref(Payloads.KRYO, 0, good.length, real.sequence() + 1).encode()), "stale");
        assertBad(blockFrame(new BlockArea.Ref(Payloads.KRYO, 0, good.length + 1, real.sequence()).encode()), "a block of");
        assertBad(blockFrame(java.util.Arrays.copyOf(real.encode(), BlockArea.Ref.BYTES - 1)), "block reference of 20 bytes");
        byte[] fromNode3 = new Frame(3, 7, 9, 0x03000001, 0x01000002, PType.FOREIGN_REMOTE, 5, Payloads.BLOCK, real.encode()).encode();
        assertBad(fromNode3, "cannot map");
        try {
            Payloads.decode(Frame.decode(blockFrame(real.encode()), Frame.HEADER + BlockArea.Ref.BYTES));
            throw new AssertionError("a block frame decoded without areas");
        } catch (Frame.BadFrame e) {
            assertThat(e.getMessage()).contains("maps none");
        }
        assertThat(area.inUse()).as("refused references free nothing").isEqualTo(1);
        feed(blockFrame(real.encode()));
        assertThat(area.inUse()).isZero();
        assertBad(blockFrame(real.encode()), "stale");
        BlockArea.Ref nested = area.reserve(Payloads.BLOCK, good.length);
        area.data(nested).put(good);
        area.publish(nested);
        assertBad(blockFrame(nested.encode()), "block reference to a block reference");
        assertThat(area.inUse()).as("a sound reference frees its block, whatever it holds").isZero();
    }

    @Test
    void lengthsThatClaimGigabytesAreRefusedBeforeAllocating() {
        byte[] hugeString = kryoPayload(new byte[] {(byte) 0x03, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07});
        assertBad(hugeString, "bytes are left");
        byte[] hugeList = kryoPayload(new byte[] {(byte) 0x17, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07});
        assertBad(hugeList, "bytes are left");
        byte[] frame = new Frame(2, 7, 9, 0x02000001, 0x01000002, PType.FOREIGN_REMOTE, 5, Payloads.KRYO, new byte[8]).encode();
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(Frame.HEADER - 4, Integer.MAX_VALUE);
        assertBad(frame, "outside 0..");
    }

    @Test
    void unregisteredClassIdsAreRefused() {
        for (int id = 26; id < 5000; id += 7) {
            int v = id + 2;                      // Kryo writes a class id + 2 as a varint (0 is null, 1 a reference)
            byte[] varint = v < 128 ? new byte[] {(byte) v} : new byte[] {(byte) ((v & 0x7F) | 0x80), (byte) (v >>> 7)};
            assertBad(kryoPayload(varint), "undecodable value");
        }
    }

    @Test
    void deepNestingStopsAtTheBound() {
        // 10 000 nested lists, each [list-id, count 1, ...]: Kryo's depth bound trips long before the stack
        byte[] deep = new byte[20_000];
        for (int i = 0; i < 10_000; i++) {
            deep[2 * i] = (byte) (22 + 2);
            deep[2 * i + 1] = 1;
        }
        assertBad(kryoPayload(deep), "undecodable");
    }

    @Test
    void anArrayHeaderThatDisagreesWithItsDataIsRefused() {
        byte[] npy = Npy.toBytes(NDArray.arange(0, 16, 1, DType.FLOAT64));
        String header = new String(npy, 0, Math.min(npy.length, 128), java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] lying = header.contains("(16,)") ? npy.clone() : npy;
        int at = header.indexOf("(16,)");
        if (at > 0) {
            byte[] claim = "(99,)".getBytes();
            System.arraycopy(claim, 0, lying, at, claim.length);
        }
        // an NDArray entry of the foreign payload: class id 24+2, length, .npy bytes
        ByteBuffer b = ByteBuffer.allocate(lying.length + 8);
        b.put((byte) (24 + 2));
        int n = lying.length;
        while ((n & ~0x7F) != 0) { b.put((byte) ((n & 0x7F) | 0x80)); n >>>= 7; }
        b.put((byte) n).put(lying);
        byte[] payload = java.util.Arrays.copyOf(b.array(), b.position());
        assertBad(frameWith(payload), "undecodable");
    }

    void assertBad(byte[] frame, String why) {
        try {
            Payloads.decode(Frame.decode(frame, frame.length), areas);
            throw new AssertionError("decoded a frame that should be refused (" + why + ")");
        } catch (Frame.BadFrame e) {
            assertThat(e.getMessage()).contains(why);
        }
    }

    byte[] kryoPayload(byte[] payload) {
        return frameWith(payload);
    }

    byte[] frameWith(byte[] payload) {
        return new Frame(2, 7, 9, 0x02000001, 0x01000002, PType.FOREIGN_REMOTE, 5, Payloads.KRYO, payload).encode();
    }

    byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) random.nextInt(256);
        if (n > 0 && random.nextBoolean()) b[0] = Frame.VERSION;
        return b;
    }

    byte[] mutate(byte[] b, int flips) {
        for (int i = 0; i < flips && b.length > 0; i++) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        return b;
    }

    byte[] hostilePayload(byte[] seed) {
        byte[] b = seed.clone();
        if (b.length > Frame.HEADER + 2) {
            int at = Frame.HEADER + random.nextInt(b.length - Frame.HEADER);
            b[at] = (byte) 0xFF;
            if (at + 1 < b.length) b[at + 1] = (byte) 0xFF;
            if (at + 2 < b.length) b[at + 2] = (byte) 0x7F;
        }
        return b;
    }

    byte[] splice(byte[] a, byte[] b) {
        int cut = random.nextInt(a.length);
        byte[] out = new byte[cut + b.length - Math.min(cut, b.length)];
        System.arraycopy(a, 0, out, 0, cut);
        System.arraycopy(b, Math.min(cut, b.length), out, cut, out.length - cut);
        return out;
    }
}
