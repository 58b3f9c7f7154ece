package io.skyloom.numsky;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * numpy's {@code .npy} format (versions 1.0, 2.0 and 3.0), so arrays move to and from
 * Python tools. Writes version 1.0, little-endian, C order; reads either byte order and
 * Fortran order, into a copy ({@link #fromBuffer}) or, for little-endian C-order data in
 * memory outside the heap, in place ({@link #view}).
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /**
     * numsky's one Cleaner, made on the first view (a program that never views starts no
     * thread): it runs each view's release once no array reaches the view's storage. The
     * releases share its thread, so each should be short (hand the bytes back, no more).
     */
    private static final class Releases {
        static final Cleaner CLEANER = Cleaner.create();
    }

    public static void write(NDArray a, OutputStream out) throws IOException {
        out.write(header(a));
        ByteBuffer buf = ByteBuffer.allocate(dataBytes(a));
        putData(a, buf);
        out.write(buf.array());
    }

    /** The .npy header of {@code a} (version 1.0, little-endian, C order): what precedes its data. */
    public static byte[] header(NDArray a) {
        String dict = "{'descr': '" + a.dtype.descr() + "', 'fortran_order': False, 'shape': (" + shapeText(a.shape) + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        byte[] text = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] h = Arrays.copyOf(MAGIC, MAGIC.length + 4 + text.length);
        h[6] = 1;
        h[8] = (byte) text.length;
        h[9] = (byte) (text.length >> 8);
        System.arraycopy(text, 0, h, 10, text.length);
        return h;
    }

    /** How many bytes of data follow the header of {@code a}. */
    public static int dataBytes(NDArray a) {
        return a.size * a.dtype.itemSize();
    }

    /**
     * Puts the data of {@code a} (made contiguous first if it is a strided view) at
     * {@code dst}'s position, little-endian, and moves that position past it.
     */
    public static void putData(NDArray a, ByteBuffer dst) {
        NDArray c = a.isContiguous() ? a : a.copy();
        ByteBuffer buf = dst.slice().order(ByteOrder.LITTLE_ENDIAN);
        // Bulk copies of the contiguous data: per element, 8 MB took tens of ms (the harbor's arrays).
        if (c.data instanceof Buffer view) putView(buf, view, c);
        else switch (c.dtype) {
            case BOOL, INT8, UINT8 -> buf.put((byte[]) c.data, c.offset, c.size);
            case INT16, UINT16 -> buf.asShortBuffer().put((short[]) c.data, c.offset, c.size);
            case INT32, UINT32 -> buf.asIntBuffer().put((int[]) c.data, c.offset, c.size);
            case INT64 -> buf.asLongBuffer().put((long[]) c.data, c.offset, c.size);
            case FLOAT32 -> buf.asFloatBuffer().put((float[]) c.data, c.offset, c.size);
            case FLOAT64 -> buf.asDoubleBuffer().put((double[]) c.data, c.offset, c.size);
        }
        dst.position(dst.position() + dataBytes(c));
    }

    /**
     * putData from view storage: one bulk put from a duplicate covering the elements (a
     * memcpy between two direct buffers; both little-endian, so no swap). The duplicate
     * does not keep the storage reachable, and the storage's release may free its bytes:
     * the fence keeps it reachable until the copy is done.
     */
    private static void putView(ByteBuffer buf, Buffer view, NDArray c) {
        int from = c.offset, to = c.offset + c.size;
        switch (c.dtype) {
            case BOOL, INT8, UINT8 -> buf.put(((ByteBuffer) view).duplicate().position(from).limit(to));
            case INT16, UINT16 -> buf.asShortBuffer().put(((ShortBuffer) view).duplicate().position(from).limit(to));
            case INT32, UINT32 -> buf.asIntBuffer().put(((IntBuffer) view).duplicate().position(from).limit(to));
            case INT64 -> buf.asLongBuffer().put(((LongBuffer) view).duplicate().position(from).limit(to));
            case FLOAT32 -> buf.asFloatBuffer().put(((FloatBuffer) view).duplicate().position(from).limit(to));
            case FLOAT64 -> buf.asDoubleBuffer().put(((DoubleBuffer) view).duplicate().position(from).limit(to));
        }
        Reference.reachabilityFence(view);
    }

    public static byte[] toBytes(NDArray a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(a, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    public static NDArray read(InputStream in) throws IOException {
        return fromBytes(in.readAllBytes());
    }

    public static NDArray fromBytes(byte[] bytes) {
        return fromBytes(bytes, 0, bytes.length);
    }

    /** The array in {@code length} bytes of {@code bytes} from {@code offset}: its data copied out in bulk. */
    public static NDArray fromBytes(byte[] bytes, int offset, int length) {
        return fromBuffer(ByteBuffer.wrap(bytes, offset, length));
    }

    /**
     * The array in the bytes from {@code bytes}' position to its limit (a mapped block of
     * another process, say): its data copied out in bulk, each field read once.
     */
    public static NDArray fromBuffer(ByteBuffer bytes) {
        ByteBuffer b = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        return copyData(b, header(b));
    }

    /**
     * The array in the .npy bytes from {@code bytes}' position to its limit, its data NOT
     * copied: the array's storage is a view of those bytes (which must stay valid and
     * unchanged by others until {@code release} runs), so an array another process put in
     * shared memory is read where it lies. {@code release} runs exactly once, on a
     * {@link Cleaner} thread, when no array (the returned one, nor any slice, reshape or
     * other view sharing its storage) can reach the storage any more: then the bytes may be
     * given back. The array is writable when {@code bytes} is (the receiver owns them),
     * else read-only: a write raises numpy's "assignment destination is read-only".
     * Operations on it give ordinary heap arrays.
     *
     * <p>When the data cannot be viewed in place (big-endian descr {@code '>'}, Fortran
     * order, or a non-direct buffer), the data is copied as {@link #fromBuffer} does and
     * {@code release} runs before this returns. Errors are exactly fromBuffer's
     * (IllegalArgumentException), {@code release} run first.
     */
    public static NDArray view(ByteBuffer bytes, Runnable release) {
        Objects.requireNonNull(release, "release");
        NDArray copy;
        try {
            ByteBuffer b = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
            Header h = header(b);
            if (bytes.isDirect() && !h.fortran && h.order == ByteOrder.LITTLE_ENDIAN) {
                ByteBuffer data = b.slice(b.position(), h.size * h.dtype.itemSize()).order(ByteOrder.LITTLE_ENDIAN);
                Buffer storage = typedView(data, h.dtype);
                NDArray a = new NDArray(h.dtype, h.shape, NDArray.cStrides(h.shape), 0, storage);
                // Last, as nothing after it fails: release then runs once, by the Cleaner only.
                Releases.CLEANER.register(storage, release);
                return a;
            }
            copy = copyData(b, h);
        } catch (Throwable e) {
            try {
                release.run();
            } catch (Throwable r) {
                e.addSuppressed(r);
            }
            throw e;
        }
        release.run();
        return copy;
    }

    /** True when {@code a}'s storage is a view of bytes outside the heap ({@link #view}), not a heap array. */
    public static boolean isView(NDArray a) {
        return a.data instanceof Buffer;
    }

    /** The storage of a view: {@code data} as the typed buffer of the dtype's width, element i at index i. */
    private static Buffer typedView(ByteBuffer data, DType t) {
        return switch (t) {
            case BOOL, INT8, UINT8 -> data;
            case INT16, UINT16 -> data.asShortBuffer();
            case INT32, UINT32 -> data.asIntBuffer();
            case INT64 -> data.asLongBuffer();
            case FLOAT32 -> data.asFloatBuffer();
            case FLOAT64 -> data.asDoubleBuffer();
        };
    }

    /** What a .npy header says; {@code size} is the element count, checked against the data and {@link Limits}. */
    private record Header(DType dtype, ByteOrder order, int[] shape, boolean fortran, int size) {}

    /** Reads the header of the .npy bytes {@code b} (from 0, little-endian), leaving {@code b} positioned at the data. */
    private static Header header(ByteBuffer b) {
        int length = b.remaining();
        byte[] magic = new byte[MAGIC.length];
        if (length >= 10) b.get(0, magic);
        if (length < 10 || !Arrays.equals(magic, MAGIC))
            throw new IllegalArgumentException("not a .npy file: the magic string is missing");
        int major = b.get(6);
        b.position(8);
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
        if (headerLen < 0 || (long) b.position() + headerLen > length)
            throw new IllegalArgumentException("truncated .npy header");
        byte[] text = new byte[headerLen];
        b.get(text);
        String header = new String(text, major >= 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) throw new IllegalArgumentException("unreadable .npy header: " + header.trim());
        DType t = dtypeOf(d.group(2), Integer.parseInt(d.group(3)));
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int[] shape = parseShape(s.group(1));
        boolean fortran = f.group(1).equals("True");
        int n = NDArray.count(shape);
        if (b.remaining() < (long) n * t.itemSize())
            throw new IllegalArgumentException(".npy data too short: " + b.remaining() + " bytes for " + n + " " + t + " elements");
        Limits.checkedCount(t, shape);
        return new Header(t, order, shape, fortran, n);
    }

    /** The data after header {@code h} ({@code b} positioned at it) copied into a new heap array. */
    private static NDArray copyData(ByteBuffer b, Header h) {
        DType t = h.dtype;
        int[] shape = h.shape;
        int n = h.size;
        ByteOrder order = h.order;
        b.order(order);
        if (!h.fortran) {
            NDArray a = NDArray.empty(t, shape);
            ByteBuffer data = b.slice().order(order);
            switch (t) {
                case BOOL, INT8, UINT8 -> data.get((byte[]) a.data, 0, n);
                case INT16, UINT16 -> data.asShortBuffer().get((short[]) a.data, 0, n);
                case INT32, UINT32 -> data.asIntBuffer().get((int[]) a.data, 0, n);
                case INT64 -> data.asLongBuffer().get((long[]) a.data, 0, n);
                case FLOAT32 -> data.asFloatBuffer().get((float[]) a.data, 0, n);
                case FLOAT64 -> data.asDoubleBuffer().get((double[]) a.data, 0, n);
            }
            return a;
        }
        int[] rev = new int[shape.length];
        for (int i = 0; i < shape.length; i++) rev[i] = shape[shape.length - 1 - i];
        NDArray c = NDArray.empty(t, rev);
        for (int i = 0; i < n; i++) getElement(b, c, i);
        int[] strides = new int[shape.length];
        for (int i = 0; i < shape.length; i++) strides[i] = c.strides[shape.length - 1 - i];
        return new NDArray(t, shape, strides, 0, c.data).copy();
    }

    private static DType dtypeOf(String kind, int size) {
        for (DType t : DType.values()) {
            char k = t.isBool() ? 'b' : t.isFloat() ? 'f' : t.isUnsigned() ? 'u' : 'i';
            if (k == kind.charAt(0) && t.itemSize() == size) return t;
        }
        throw new IllegalArgumentException("unsupported .npy dtype " + kind + size);
    }

    private static int[] parseShape(String text) {
        String[] parts = text.split(",");
        return Arrays.stream(parts).map(String::trim).filter(p -> !p.isEmpty()).mapToInt(Integer::parseInt).toArray();
    }

    private static String shapeText(int[] shape) {
        if (shape.length == 1) return shape[0] + ",";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? ", " : "").append(shape[i]);
        return sb.toString();
    }

    private static void getElement(ByteBuffer b, NDArray a, int i) {
        switch (a.dtype) {
            case BOOL, INT8, UINT8 -> ((byte[]) a.data)[i] = b.get();
            case INT16, UINT16 -> ((short[]) a.data)[i] = b.getShort();
            case INT32, UINT32 -> ((int[]) a.data)[i] = b.getInt();
            case INT64 -> ((long[]) a.data)[i] = b.getLong();
            case FLOAT32 -> ((float[]) a.data)[i] = b.getFloat();
            case FLOAT64 -> ((double[]) a.data)[i] = b.getDouble();
        }
    }
}
