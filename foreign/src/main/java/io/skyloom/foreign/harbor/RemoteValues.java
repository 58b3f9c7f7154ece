package io.skyloom.foreign.harbor;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.ByteBufferInput;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import io.skyloom.core.kernel.RemoteError;
import io.skyloom.foreign.ForeignValues;
import io.skyloom.numsky.NDArray;
import io.skyloom.numsky.Npy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Foreign values across processes (PTYPE_FOREIGN_REMOTE): Kryo with registration
 * required, so the bytes can only name the classes registered here, each under a fixed
 * id: null, booleans, the boxed numbers, strings, byte strings, lists, maps, arrays of
 * values, NDArrays (one block of their data, in numpy's .npy layout) and error
 * replies. Reading takes untrusted bytes: every length is checked against what is left
 * before anything is allocated, nesting stops at {@link ForeignValues#MAX_DEPTH}, and
 * what decodes is frozen as in-process values are. Thread-safe (Kryo instances come
 * from a pool, one per use).
 */
final class RemoteValues {

    private static final Pool<Kryo> POOL = new Pool<>(true, false, 64) {
        @Override
        protected Kryo create() {
            return newKryo();
        }
    };

    /**
     * Outputs, kept between messages: making one per message was one of the larger costs
     * of a send (JFR of bench --harbor: about a quarter of the samples in encoding). One
     * that grew past {@link #KEPT_BUFFER} (an array's frame) goes back with a small buffer.
     */
    private static final Pool<BulkOutput> OUTPUTS = new Pool<>(true, false, 64) {
        @Override
        protected BulkOutput create() {
            return new BulkOutput();
        }
    };
    private static final int KEPT_BUFFER = 64 << 10;

    private RemoteValues() {}

    static byte[] encode(Object value) {
        BulkOutput out = encodeTo(value);
        try {
            byte[] bytes = new byte[out.size()];
            out.writeTo(ByteBuffer.wrap(bytes));
            return bytes;
        } finally {
            release(out);
        }
    }

    /**
     * {@code value} encoded: the first {@code position()} bytes of the output's buffer, not
     * copied out. The caller hands the output back with {@link #release} once it used them.
     */
    static BulkOutput encodeTo(Object value) {
        return encodeTo(value, 0, 0);
    }

    /** The same for node {@code node}'s incarnation {@code incarnation}: arrays viewing its blocks go as echoes. */
    static BulkOutput encodeTo(Object value, int node, long incarnation) {
        Kryo k = POOL.obtain();
        BulkOutput out = OUTPUTS.obtain();
        try {
            out.reset();
            out.echoTo(node, incarnation);
            k.writeClassAndObject(out, value);
            return out;
        } catch (KryoException | IllegalArgumentException e) {
            release(out);
            throw new IllegalArgumentException(cannotSend(e), e);
        } finally {
            POOL.free(k);
        }
    }

    /** An output of {@link #encodeTo} whose bytes are no longer needed. */
    static void release(BulkOutput out) {
        out.countOffUnsent();
        out.reset();                         // lets go of the arrays it held back
        if (out.getBuffer().length > KEPT_BUFFER) out.setBuffer(new byte[256], Frame.MAX_PAYLOAD);
        OUTPUTS.free(out);
    }

    static Object decode(byte[] bytes) throws Frame.BadFrame {
        return decode(new Input(bytes));
    }

    /**
     * The value in the bytes from {@code bytes}' position to its limit, read in place (a
     * block of another process's area): an array's data is copied once, into its storage.
     */
    static Object decode(ByteBuffer bytes) throws Frame.BadFrame {
        return decode(new ByteBufferInput(bytes.slice()));
    }

    /**
     * The same for the payload of a block held by {@code lease}: an array of at least
     * {@link BlockArea#MIN_PAYLOAD} bytes of data keeps its data where it is (numsky's view
     * of the block, which holds the lease until the array is unreachable) while the lease
     * lets it, and is copied otherwise; echoes in it (of frame {@code from}) are found by
     * {@code echoes} (null: refused).
     */
    static Object decode(ByteBuffer bytes, BlockArea.Lease lease, Frame from, Echoes echoes) throws Frame.BadFrame {
        return decode(new LeasedInput(bytes.slice(), lease, from, echoes));
    }

    /**
     * Arrays received in place, by array (weakly: an entry goes with its array; NDArray
     * keeps Object's identity equality): the lease of the block each views and where in
     * its payload the array's .npy bytes lie, so that one sent back to the block's sender
     * goes as an echo.
     */
    private static final Map<NDArray, Viewed> VIEWS = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private record Viewed(BlockArea.Lease lease, int at, int length) {}

    /** Finds the bytes an echo names, in this node's own area for node {@code sender}'s incarnation. */
    interface Echoes {
        BlockArea.Echoed find(int sender, long senderIncarnation, long offset, long sequence, int at, int length) throws Frame.BadFrame;
    }

    /** The value in a frame's payload {@code bytes}, its echoes found by {@code echoes} (null: refused). */
    static Object decode(byte[] bytes, Frame from, Echoes echoes) throws Frame.BadFrame {
        return decode(echoes == null ? new Input(bytes) : new PeerInput(bytes, from, echoes));
    }

    /** An input over a frame's payload: where an echo finds the frame's sender and this node's blocks. */
    private static final class PeerInput extends Input {
        final Frame from;
        final Echoes echoes;

        PeerInput(byte[] bytes, Frame from, Echoes echoes) {
            super(bytes);
            this.from = from;
            this.echoes = echoes;
        }
    }

    /** An input over a held block: where arrays find the lease they may view it under, and echoes as in {@link PeerInput}. */
    private static final class LeasedInput extends ByteBufferInput {
        final BlockArea.Lease lease;
        final Frame from;
        final Echoes echoes;                    // null: echoes refused

        LeasedInput(ByteBuffer bytes, BlockArea.Lease lease, Frame from, Echoes echoes) {
            super(bytes);
            this.lease = lease;
            this.from = from;
            this.echoes = echoes;
        }
    }

    private static Object decode(Input in) throws Frame.BadFrame {
        Kryo k = POOL.obtain();
        try (in) {
            Object v = k.readClassAndObject(in);
            if (in.position() != in.limit())
                throw new Frame.BadFrame((in.limit() - in.position()) + " stray bytes after the value");
            return v;
        } catch (RuntimeException e) {      // Kryo's own (buffer underflow, unknown ids) and ours (lengths)
            throw new Frame.BadFrame("undecodable value: " + firstLine(String.valueOf(e.getMessage())));
        } finally {
            POOL.free(k);
        }
    }

    private static String cannotSend(RuntimeException e) {
        String m = firstLine(e.getMessage());
        if (m.contains("Class is not registered"))
            return "cannot send this value to another process: " + m.replace("Class is not registered: ", "")
                    + " is not one of the types that cross (null, booleans, numbers, strings, byte[], lists, maps, NDArray)";
        return "cannot send this value to another process: " + m;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static Kryo newKryo() {
        Kryo k = new Kryo();
        k.setRegistrationRequired(true);
        k.setReferences(false);                      // a cycle is refused by freezing before, depth after
        k.setMaxDepth(ForeignValues.MAX_DEPTH + 2);
        k.register(String.class, new Strings(), 1);  // Kryo's own reads a length it trusts
        k.register(byte[].class, new ByteStrings(), 20);
        k.register(Object[].class, new Values(), 21);
        k.register(ForeignValues.frozenList(new Object[0]).getClass(), new Lists(), 22);
        k.register(ForeignValues.frozenMap(new LinkedHashMap<>()).getClass(), new Maps(), 23);
        k.register(NDArray.class, new Arrays(), 24);
        k.register(RemoteError.class, new Errors(), 25);
        return k;
    }

    /** A count read from the bytes, refused when fewer than {@code perItem} bytes each are left. */
    static int count(Input in, int perItem, String what) {
        int n = in.readVarInt(true);
        long left = in.limit() - in.position();
        if (n < 0 || (long) n * perItem > left)
            throw new IllegalArgumentException(what + " of " + n + " items but " + left + " bytes are left");
        return n;
    }

    private static final class Strings extends Serializer<String> {
        Strings() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo k, Output out, String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeVarInt(b.length, true);
            out.writeBytes(b);
        }

        @Override
        public String read(Kryo k, Input in, Class<? extends String> type) {
            return new String(in.readBytes(count(in, 1, "string")), StandardCharsets.UTF_8);
        }
    }

    private static final class ByteStrings extends Serializer<byte[]> {
        @Override
        public void write(Kryo k, Output out, byte[] b) {
            out.writeVarInt(b.length, true);
            out.writeBytes(b);
        }

        @Override
        public byte[] read(Kryo k, Input in, Class<? extends byte[]> type) {
            return in.readBytes(count(in, 1, "byte string"));
        }
    }

    private static final class Values extends Serializer<Object[]> {
        @Override
        public void write(Kryo k, Output out, Object[] values) {
            out.writeVarInt(values.length, true);
            for (Object v : values) k.writeClassAndObject(out, v);
        }

        @Override
        public Object[] read(Kryo k, Input in, Class<? extends Object[]> type) {
            Object[] values = new Object[count(in, 1, "value list")];
            for (int i = 0; i < values.length; i++) values[i] = k.readClassAndObject(in);
            return values;
        }
    }

    private static final class Lists extends Serializer<List<Object>> {
        @Override
        public void write(Kryo k, Output out, List<Object> list) {
            out.writeVarInt(list.size(), true);
            for (Object v : list) k.writeClassAndObject(out, v);
        }

        @Override
        public List<Object> read(Kryo k, Input in, Class<? extends List<Object>> type) {
            Object[] items = new Object[count(in, 1, "list")];
            for (int i = 0; i < items.length; i++) items[i] = k.readClassAndObject(in);
            return ForeignValues.frozenList(items);
        }
    }

    private static final class Maps extends Serializer<Map<Object, Object>> {
        @Override
        public void write(Kryo k, Output out, Map<Object, Object> map) {
            out.writeVarInt(map.size(), true);
            for (Map.Entry<Object, Object> e : map.entrySet()) {
                k.writeClassAndObject(out, e.getKey());
                k.writeClassAndObject(out, e.getValue());
            }
        }

        @Override
        public Map<Object, Object> read(Kryo k, Input in, Class<? extends Map<Object, Object>> type) {
            int n = count(in, 2, "map");
            LinkedHashMap<Object, Object> m = new LinkedHashMap<>(Math.max(4, n * 2));
            for (int i = 0; i < n; i++) m.put(k.readClassAndObject(in), k.readClassAndObject(in));
            return ForeignValues.frozenMap(m);
        }
    }

    /**
     * Kryo's output, which also takes an array's data in one bulk copy from the array
     * itself. The data of an array of at least {@link BlockArea#MIN_PAYLOAD} bytes is held
     * back instead, its place noted: {@link #writeTo} copies it from the array to where
     * the payload goes (a block of the peer's area), so it is copied once on this side.
     * The payload is then {@link #size} bytes: the buffer's, with the held-back data at
     * their places.
     */
    static final class BulkOutput extends Output {
        private final List<HeldBack> heldBack = new java.util.ArrayList<>();
        private long heldBytes;
        private int echoNode;                       // 0: no echoes
        private long echoIncarnation;
        private final List<BlockArea.Lease> echoed = new java.util.ArrayList<>();

        void echoTo(int node, long incarnation) {
            echoNode = node;
            echoIncarnation = incarnation;
        }

        /**
         * Where {@code a}'s bytes lie in a block of the destination's own area, counted as
         * an echo; null when {@code a} views no such block.
         */
        Viewed echo(NDArray a) {
            if (echoNode == 0 || Npy.dataBytes(a) < BlockArea.MIN_PAYLOAD) return null;
            Viewed v = VIEWS.get(a);
            if (v == null || !v.lease().from(echoNode, echoIncarnation)) return null;
            v.lease().echo();
            echoed.add(v.lease());
            java.lang.ref.Reference.reachabilityFence(a);    // the array's hold outlives the count
            return v;
        }

        /** The payload went: its echoes are the peer's to count off. */
        void sent() {
            echoed.clear();
        }

        void countOffUnsent() {
            for (BlockArea.Lease l : echoed) l.unecho();
            echoed.clear();
        }

        /** An array's data, due at {@code at} of the buffer. */
        private record HeldBack(int at, NDArray array) {}

        BulkOutput() {
            super(256, Frame.MAX_PAYLOAD);
        }

        void writeData(NDArray a) {
            int n = Npy.dataBytes(a);
            if (n >= BlockArea.MIN_PAYLOAD) {
                if (position + heldBytes + n > Frame.MAX_PAYLOAD)
                    throw new IllegalArgumentException("a message of over " + Frame.MAX_PAYLOAD + " bytes");
                heldBack.add(new HeldBack(position, a.isContiguous() ? a : a.copy()));
                heldBytes += n;
                return;
            }
            require(n);
            Npy.putData(a, ByteBuffer.wrap(buffer, position, n));
            position += n;
        }

        /** The payload's length: what the buffer holds and the data held back. */
        int size() {
            return (int) (position + heldBytes);
        }

        /** True when the buffer alone is the payload. */
        boolean whole() {
            return heldBack.isEmpty();
        }

        /** Puts the {@link #size} bytes of the payload at {@code dst}'s position. */
        void writeTo(ByteBuffer dst) {
            int from = 0;
            for (HeldBack h : heldBack) {
                dst.put(buffer, from, h.at() - from);
                Npy.putData(h.array(), dst);
                from = h.at();
            }
            dst.put(buffer, from, position - from);
        }

        @Override
        public void reset() {
            super.reset();
            heldBack.clear();
            heldBytes = 0;
        }
    }

    /**
     * An NDArray as one .npy block: its header names dtype and shape, which must match the
     * data. Its data goes from the array's storage straight into the output (a strided view
     * is made contiguous first) and comes back straight from the input's bytes: a big
     * array's in a held block stays there, viewed, and is not copied at all.
     */
    private static final class Arrays extends Serializer<NDArray> {
        @Override
        public void write(Kryo k, Output out, NDArray a) {
            Viewed echo = out instanceof BulkOutput b ? b.echo(a) : null;
            if (echo != null) {            // a length of 0, which no .npy has, then the echo
                out.writeVarInt(0, true);
                out.writeLong(echo.lease().ref().offset());
                out.writeLong(echo.lease().ref().sequence());
                out.writeInt(echo.at());
                out.writeInt(echo.length());
                return;
            }
            byte[] header = Npy.header(a);
            long size = (long) header.length + Npy.dataBytes(a);
            if (size > Frame.MAX_PAYLOAD) throw new IllegalArgumentException("an array of " + size + " bytes is over the " + Frame.MAX_PAYLOAD + "-byte limit");
            out.writeVarInt((int) size, true);
            out.writeBytes(header);
            ((BulkOutput) out).writeData(a);
        }

        @Override
        public NDArray read(Kryo k, Input in, Class<? extends NDArray> type) {
            int n = count(in, 1, "array");
            if (n == 0) return echoed(in);
            NDArray a;
            if (in instanceof ByteBufferInput b) {
                ByteBuffer npy = b.getByteBuffer().slice(in.position(), n);
                if (n >= BlockArea.MIN_PAYLOAD && in instanceof LeasedInput l && l.lease.hold()) {
                    a = Npy.view(npy, l.lease::drop);      // no copy: the block is the array's storage
                    if (Npy.isView(a)) VIEWS.put(a, new Viewed(l.lease, in.position(), n));
                } else {
                    a = Npy.fromBuffer(npy);
                }
            } else {
                a = Npy.fromBytes(in.getBuffer(), in.position(), n);
            }
            in.setPosition(in.position() + n);
            return a;
        }
    }

    /** An array sent back to this node in a block of its own: a view of it there. */
    private static NDArray echoed(Input in) {
        long offset = in.readLong(), sequence = in.readLong();
        int at = in.readInt(), length = in.readInt();
        Frame from = in instanceof PeerInput p ? p.from : in instanceof LeasedInput l ? l.from : null;
        Echoes echoes = in instanceof PeerInput p ? p.echoes : in instanceof LeasedInput l ? l.echoes : null;
        if (echoes == null) throw new IllegalArgumentException("an echo of an array, which this reader takes from no area");
        BlockArea.Echoed e;
        try {
            e = echoes.find(from.senderNode(), from.senderIncarnation(), offset, sequence, at, length);
        } catch (Frame.BadFrame bad) {
            throw new IllegalArgumentException(bad.getMessage());
        }
        return Npy.view(e.bytes(), e.release());
    }

    private static final class Errors extends Serializer<RemoteError> {
        @Override
        public void write(Kryo k, Output out, RemoteError e) {
            k.writeObject(out, e.message());
            k.writeObject(out, e.traceback());
            out.writeBoolean(e.serviceDead());
        }

        @Override
        public RemoteError read(Kryo k, Input in, Class<? extends RemoteError> type) {
            String message = k.readObject(in, String.class);
            String traceback = k.readObject(in, String.class);
            return new RemoteError(message, traceback, in.readBoolean());
        }
    }
}
