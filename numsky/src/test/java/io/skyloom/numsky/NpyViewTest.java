package io.skyloom.numsky;

import static io.skyloom.numsky.DType.FLOAT64;
import static io.skyloom.numsky.DType.INT32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Npy.view: an array read in place from .npy bytes outside the heap (another process's
 * shared memory, here a direct buffer), the same as its copy in every operation, writable
 * only when its bytes are, and its release run once no array reaches its storage.
 */
class NpyViewTest {

    /** Values every dtype holds (its extremes for integers), 2 x 3. */
    static NDArray sample(DType t) {
        if (t.isFloat()) return NDArray.array(new double[] {0, 1.5, -2.25, 3e38, -7, 100}, t).reshape(2, 3);
        if (t.isBool()) return NDArray.array(new long[] {0, 1, 1, 0, 1, 0}, t).reshape(2, 3);
        return NDArray.array(new long[] {0, 1, t.minValue(), t.maxValue(), 7, 100}, t).reshape(2, 3);
    }

    /** 3 x 4 float64 values, all different. */
    static NDArray grid() {
        return NDArray.linspace(-1.5, 4.25, 12).reshape(3, 4);
    }

    static ByteBuffer direct(byte[] npy) {
        return ByteBuffer.allocateDirect(npy.length).put(npy).flip();
    }

    static byte[] contents(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    /** Element {@code i} of the data after the header, read from the bytes themselves. */
    static long raw(ByteBuffer npy, int headerLength, DType t, int i) {
        ByteBuffer b = npy.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int at = headerLength + i * t.itemSize();
        return switch (t.itemSize()) {
            case 1 -> b.get(at);
            case 2 -> b.getShort(at);
            case 4 -> t.isFloat() ? (long) b.getFloat(at) : b.getInt(at);
            default -> t.isFloat() ? (long) b.getDouble(at) : b.getLong(at);
        };
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void everyDtypeIsViewedInPlaceWithTheValuesOfItsCopy(DType t) {
        NDArray heap = sample(t);
        byte[] npy = Npy.toBytes(heap);
        ByteBuffer buf = direct(npy);
        AtomicInteger released = new AtomicInteger();
        NDArray v = Npy.view(buf, released::incrementAndGet);
        NDArray copy = Npy.fromBytes(npy);

        assertThat(Npy.isView(v)).isTrue();
        assertThat(Npy.isView(copy)).isFalse();
        assertThat(v.dtype()).isEqualTo(t);
        assertThat(v.shape()).containsExactly(2, 3);
        assertThat(v.toLongArray()).containsExactly(copy.toLongArray());
        assertThat(v.toDoubleArray()).containsExactly(copy.toDoubleArray());
        assertThat(v.toString()).isEqualTo(copy.toString());
        assertThat(Npy.toBytes(v)).isEqualTo(npy);
        assertThat(released).hasValue(0);

        // It is a view: a write lands in the bytes, and the array they came from is untouched.
        int header = Npy.header(heap).length;
        v.set(1L, 0, 0);
        v.set(t.isBool() ? 0L : 7L, 1, 2);
        assertThat(raw(buf, header, t, 0)).isEqualTo(1);
        assertThat(raw(buf, header, t, 5)).isEqualTo(t.isBool() ? 0 : 7);
        assertThat(v.getLong(0, 0)).isEqualTo(1);
        assertThat(heap.getLong(0, 0)).isZero();
        assertThat(heap.toLongArray()).containsExactly(copy.toLongArray());

        // Copies out of it, whole (one bulk copy) and from a row at an offset, are heap arrays.
        NDArray whole = v.copy();
        assertThat(Npy.isView(whole)).isFalse();
        assertThat(whole.toLongArray()).containsExactly(v.toLongArray());
        whole.set(0L, 0, 0);
        assertThat(v.getLong(0, 0)).isEqualTo(1);
        NDArray row = v.slice(1);
        assertThat(Npy.isView(row)).isTrue();
        assertThat(Npy.toBytes(row)).isEqualTo(Npy.toBytes(whole.slice(1)));
        assertThat(row.copy().toLongArray()).containsExactly(Arrays.copyOfRange(v.toLongArray(), 3, 6));
    }

    @Test
    void operationsOnAViewEqualTheSameOnItsCopy() {
        NDArray heap = grid();
        NDArray v = Npy.view(direct(Npy.toBytes(heap)), () -> {});
        assertThat(Npy.isView(v)).isTrue();

        sameAs(Numsky.add(v, 2.5), Numsky.add(heap, 2.5));
        sameAs(Numsky.mul(v, 3.0), Numsky.mul(heap, 3.0));
        sameAs(Numsky.add(v, v), Numsky.add(heap, heap));
        sameAs(Numsky.mul(v, heap), Numsky.mul(heap, heap));
        sameAs(Numsky.sub(heap, v), Numsky.sub(heap, heap));
        sameAs(Numsky.div(v, NDArray.array(new double[] {1, 2, 4, 8})), Numsky.div(heap, NDArray.array(new double[] {1, 2, 4, 8})));
        sameAs(Numsky.sin(v), Numsky.sin(heap));
        assertThat(Numsky.sum(v).getDouble()).isEqualTo(Numsky.sum(heap).getDouble());
        assertThat(Numsky.max(v).getDouble()).isEqualTo(Numsky.max(heap).getDouble());
        sameAs(Numsky.sum(v, 1), Numsky.sum(heap, 1));
        sameAs(Numsky.mean(v, 0), Numsky.mean(heap, 0));

        // Integers take the element-at-a-time paths.
        NDArray hi = heap.astype(INT32), vi = v.astype(INT32);
        assertThat(Npy.isView(vi)).isFalse();
        sameAs(vi, hi);
        NDArray vInt = Npy.view(direct(Npy.toBytes(hi)), () -> {});
        sameAs(Numsky.add(vInt, 1), Numsky.add(hi, 1));
        sameAs(Numsky.mul(vInt, vInt), Numsky.mul(hi, hi));
        assertThat(Numsky.sum(vInt).getLong()).isEqualTo(Numsky.sum(hi).getLong());
        assertThat(Numsky.max(vInt).getLong()).isEqualTo(Numsky.max(hi).getLong());

        // Slices with steps, reshapes and a transposed view share the storage.
        Object[] stepped = {Slice.all(), new Slice(null, null, 2)};
        Object[] backwards = {new Slice(null, null, -1), new Slice(3, 0, -2)};
        for (Object[] ix : List.of(stepped, backwards)) {
            NDArray s = v.slice(ix);
            assertThat(Npy.isView(s)).isTrue();
            assertThat(s.sharesMemoryWith(v)).isTrue();
            sameAs(s, heap.slice(ix));
            sameAs(Numsky.add(s, 1.0), Numsky.add(heap.slice(ix), 1.0));
            assertThat(Npy.toBytes(s)).isEqualTo(Npy.toBytes(heap.slice(ix)));
        }
        NDArray r = v.reshape(4, 3);
        assertThat(r.sharesMemoryWith(v)).isTrue();
        sameAs(r, heap.reshape(4, 3));
        NDArray flatStrided = v.reshape(-1).slice(new Slice(1, null, 3));     // the 1-d strided fast path
        sameAs(Numsky.mul(flatStrided, flatStrided), Numsky.mul(heap.reshape(-1).slice(new Slice(1, null, 3)),
                heap.reshape(-1).slice(new Slice(1, null, 3))));
        NDArray vt = transpose(v), ht = transpose(heap);
        assertThat(Npy.isView(vt)).isTrue();
        sameAs(vt, ht);
        sameAs(Numsky.add(vt, ht), Numsky.add(ht, ht));
        sameAs(vt.copy(), ht.copy());
        assertThat(Npy.isView(vt.copy())).isFalse();
        assertThat(Npy.toBytes(vt)).isEqualTo(Npy.toBytes(ht));

        NDArray c = v.copy();
        assertThat(Npy.isView(c)).isFalse();
        sameAs(c, heap);
        sameAs(v.astype(DType.FLOAT32), heap.astype(DType.FLOAT32));
        assertThat(Npy.toBytes(v)).isEqualTo(Npy.toBytes(heap));
        assertThat(v.toString()).isEqualTo(heap.toString());
    }

    @Test
    void putDataOfAStridedViewOfAViewAndOutIntoAView() {
        NDArray heap = grid();
        ByteBuffer buf = direct(Npy.toBytes(heap));
        NDArray v = Npy.view(buf, () -> {});
        Object[] ix = {new Slice(0, null, 2), new Slice(1, null, 2)};
        NDArray sv = v.slice(ix).slice(Slice.all(), new Slice(null, null, -1));
        NDArray sh = heap.slice(ix).slice(Slice.all(), new Slice(null, null, -1));
        ByteBuffer got = ByteBuffer.allocateDirect(Npy.dataBytes(sv) + 3).position(3);
        ByteBuffer want = ByteBuffer.allocate(Npy.dataBytes(sh) + 3).position(3);
        Npy.putData(sv, got);
        Npy.putData(sh, want);
        assertThat(got.position()).isEqualTo(want.position());
        assertThat(contents(got.flip())).isEqualTo(contents(want.flip()));
        ByteBuffer row = ByteBuffer.allocateDirect(Npy.dataBytes(v.slice(1)));     // contiguous at an offset: direct to direct
        Npy.putData(v.slice(1), row);
        assertThat(contents(row.flip())).isEqualTo(Arrays.copyOfRange(Npy.toBytes(heap), Npy.header(heap).length + 32, Npy.header(heap).length + 64));

        // out= a view: in place, on a whole view and on a strided one (the bytes change).
        Numsky.add(v, 1.0, v);
        sameAs(v, Numsky.add(heap, 1.0));
        sameAs(Npy.fromBuffer(buf), Numsky.add(heap, 1.0));
        NDArray col = v.slice(Slice.all(), 2);
        Numsky.mul(col, 2.0, col);
        assertThat(Npy.fromBuffer(buf).slice(Slice.all(), 2).toDoubleArray())
                .containsExactly(Numsky.mul(Numsky.add(heap, 1.0).slice(Slice.all(), 2), 2.0).toDoubleArray());
        Numsky.add(heap.astype(INT32), 1, v);                   // out of another dtype: the general path
        sameAs(v, Numsky.add(heap.astype(INT32), 1).astype(FLOAT64));
    }

    @Test
    void aViewOfReadOnlyBytesReadsAndRefusesEveryWrite() {
        NDArray heap = grid();
        byte[] npy = Npy.toBytes(heap);
        ByteBuffer buf = direct(npy).asReadOnlyBuffer();
        NDArray v = Npy.view(buf, () -> {});
        assertThat(Npy.isView(v)).isTrue();
        sameAs(v, heap);
        assertThat(Numsky.sum(v).getDouble()).isEqualTo(Numsky.sum(heap).getDouble());
        sameAs(Numsky.add(v, v), Numsky.add(heap, heap));
        NDArray copy = v.copy();
        copy.set(9.0, 0, 0);                                   // its copy is the receiver's own
        assertThat(copy.getDouble(0, 0)).isEqualTo(9.0);

        NDArray rows = NDArray.array(new long[] {0, 2});
        NDArray mask = Numsky.gt(heap, 0.0);
        List<ThrowingCallable> writes = List.of(
                () -> v.set(1.0, 0, 0),
                () -> v.set(1L, 0, 0),
                () -> v.fill(0.0),
                () -> v.fill(heap),
                () -> v.assign(new Object[] {1}, 5L),
                () -> v.slice(Slice.all(), 1).fill(2.0),
                () -> v.reshape(12).fill(2.0),
                () -> v.put(rows, 0.0),
                () -> v.put(rows, 1, heap.slice(Slice.all(), Slice.of(0, 2))),
                () -> v.put(NDArray.array(new long[0]), 0.0),      // no element selected: still refused
                () -> v.putMask(mask, 0.0),
                () -> Numsky.add(v, 1.0, v),
                () -> Numsky.add(heap, heap, v),
                () -> Numsky.add(heap.astype(INT32), 1, v),
                () -> Numsky.lt(heap, 1.0, Npy.view(direct(Npy.toBytes(mask)).asReadOnlyBuffer(), () -> {})),
                () -> Storage.setLong(v.data, FLOAT64, 3, 1),       // below the API: the same error
                () -> Storage.setDouble(v.data, FLOAT64, 3, 1));
        for (ThrowingCallable write : writes)
            assertThatThrownBy(write).isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("assignment destination is read-only");
        assertThat(contents(buf)).isEqualTo(npy);
        sameAs(v, heap);
    }

    @Test
    void dataThatCannotBeViewedInPlaceIsCopiedAndReleasedAtOnce() {
        int[] values = {1, 2, 3, 4, 5, 6};
        ByteBuffer bigEndian = ByteBuffer.allocateDirect(128 + 24);
        npy(bigEndian, "{'descr': '>i4', 'fortran_order': False, 'shape': (2, 3), }");
        for (int x : values) bigEndian.order(ByteOrder.BIG_ENDIAN).putInt(x);
        ByteBuffer fortran = ByteBuffer.allocateDirect(128 + 24);
        npy(fortran, "{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }");
        for (int x : new int[] {1, 4, 2, 5, 3, 6}) fortran.order(ByteOrder.LITTLE_ENDIAN).putInt(x);
        ByteBuffer onHeap = ByteBuffer.wrap(Npy.toBytes(NDArray.array(values).reshape(2, 3)));
        for (ByteBuffer b : List.of(bigEndian.flip(), fortran.flip(), onHeap)) {
            AtomicInteger released = new AtomicInteger();
            NDArray a = Npy.view(b, released::incrementAndGet);
            assertThat(released).hasValue(1);
            assertThat(Npy.isView(a)).isFalse();
            assertThat(a.dtype()).isEqualTo(INT32);
            assertThat(a.shape()).containsExactly(2, 3);
            assertThat(a.toLongArray()).containsExactly(1, 2, 3, 4, 5, 6);
        }
    }

    @Test
    void badBytesFailAsInFromBufferWithTheReleaseRun() {
        byte[] good = Npy.toBytes(grid());
        ByteBuffer truncatedHeader = direct(Arrays.copyOf(good, 40));
        ByteBuffer shortData = direct(Arrays.copyOf(good, good.length - 8));
        ByteBuffer garbage = direct("not an npy file at all".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer tooFew = direct(new byte[4]);
        ByteBuffer noShape = ByteBuffer.allocateDirect(128);
        npy(noShape, "{'descr': '<f8', 'fortran_order': False, }");
        for (ByteBuffer b : List.of(truncatedHeader, shortData, garbage, tooFew, noShape.flip())) {
            String expected = catchMessage(() -> Npy.fromBuffer(b));
            assertThat(expected).isNotNull();
            AtomicInteger released = new AtomicInteger();
            assertThatThrownBy(() -> Npy.view(b, released::incrementAndGet))
                    .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage(expected);
            assertThat(released).hasValue(1);
        }
    }

    @Test
    void releaseRunsOnceWhenNoArrayReachesTheStorage() {
        byte[] npy = Npy.toBytes(grid());
        ByteBuffer buf = direct(npy);
        AtomicInteger released = new AtomicInteger();
        viewSliceAndDrop(buf, released);
        assertThat(gcUntil(() -> released.get() > 0, Duration.ofSeconds(10))).as("release ran").isTrue();

        // Another view dropped and released proves collections and the Cleaner ran since: the first ran once.
        AtomicInteger second = new AtomicInteger();
        viewSliceAndDrop(direct(npy), second);
        assertThat(gcUntil(() -> second.get() > 0, Duration.ofSeconds(10))).isTrue();
        assertThat(released).hasValue(1);
        assertThat(second).hasValue(1);
    }

    @Test
    void releaseWaitsWhileASliceStillReachesTheStorage() {
        byte[] npy = Npy.toBytes(grid());
        AtomicInteger kept = new AtomicInteger(), dropped = new AtomicInteger();
        NDArray slice = sliceOfView(direct(npy), kept);
        viewSliceAndDrop(direct(npy), dropped);
        assertThat(gcUntil(() -> dropped.get() > 0, Duration.ofSeconds(10))).as("the dropped view's release ran").isTrue();
        assertThat(gcUntil(() -> kept.get() > 0, Duration.ofMillis(300))).isFalse();
        assertThat(kept).hasValue(0);
        assertThat(slice.toDoubleArray()).containsExactly(grid().slice(1, new Slice(null, null, 2)).toDoubleArray());
        Reference.reachabilityFence(slice);

        slice = null;
        assertThat(gcUntil(() -> kept.get() > 0, Duration.ofSeconds(10))).as("released once the slice went").isTrue();
        assertThat(kept).hasValue(1);
    }

    /** A view used through a slice and a reshape, none of them kept. */
    private static void viewSliceAndDrop(ByteBuffer buf, AtomicInteger released) {
        NDArray v = Npy.view(buf, released::incrementAndGet);
        NDArray s = v.slice(Slice.all(), new Slice(null, null, 2)).reshape(-1).copy().reshape(2, 3);
        assertThat(Numsky.sum(Numsky.add(v.reshape(12), 1.0)).getDouble()).isFinite();
        assertThat(s.size()).isEqualTo(6);
        assertThat(released).hasValue(0);
    }

    /** A strided slice of a view: the view itself is dropped here. */
    private static NDArray sliceOfView(ByteBuffer buf, AtomicInteger released) {
        return Npy.view(buf, released::incrementAndGet).slice(1, new Slice(null, null, 2));
    }

    /** Collects until {@code done} or the deadline; true when done. */
    private static boolean gcUntil(BooleanSupplier done, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) return false;
            System.gc();
            Thread.yield();
        }
        return true;
    }

    private static String catchMessage(ThrowingCallable f) {
        try {
            f.call();
            return null;
        } catch (Throwable e) {
            assertThat(e).isInstanceOf(IllegalArgumentException.class);
            return e.getMessage();
        }
    }

    /** A version 1.0 .npy header with {@code dict}, padded to 128 bytes, written into {@code b}. */
    private static void npy(ByteBuffer b, String dict) {
        String header = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
        b.order(ByteOrder.LITTLE_ENDIAN).put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
    }

    /** numpy's a.T as a view: reversed shape and strides, the same storage. */
    private static NDArray transpose(NDArray a) {
        int n = a.shape.length;
        int[] shape = new int[n], strides = new int[n];
        for (int d = 0; d < n; d++) {
            shape[d] = a.shape[n - 1 - d];
            strides[d] = a.strides[n - 1 - d];
        }
        return new NDArray(a.dtype, shape, strides, a.offset, a.data);
    }

    private static void sameAs(NDArray got, NDArray want) {
        assertThat(Npy.isView(Numsky.add(got, 0))).isFalse();
        assertThat(got.dtype()).isEqualTo(want.dtype());
        assertThat(got.shape()).containsExactly(want.shape());
        assertThat(got.toDoubleArray()).containsExactly(want.toDoubleArray());
    }
}
