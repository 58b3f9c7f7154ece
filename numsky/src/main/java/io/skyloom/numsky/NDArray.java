package io.skyloom.numsky;

import java.nio.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array, numpy's ndarray: a dtype, a shape, strides and an offset into
 * one storage that views share: a primitive array, or the typed buffer over bytes another
 * process wrote ({@link Npy#view}, read-only when those bytes were given read-only).
 * Slices and reshapes of contiguous arrays are views (writes show through), as in numpy;
 * everything else copies, into a primitive array.
 *
 * <p>Not thread-safe: an array is shared between services by reference (no copy), so
 * services that share one agree who writes when, as pyskynet's numpy arrays do.
 */
public final class NDArray {

    final DType dtype;
    final int[] shape;
    final int[] strides;     // in elements
    final int offset;
    final Object data;       // one primitive array, or typed buffer (Storage), for the whole base array
    final int size;

    NDArray(DType dtype, int[] shape, int[] strides, int offset, Object data) {
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.data = data;
        this.size = count(shape);
    }

    // ---- creation -------------------------------------------------------------------

    /**
     * A new array of zeros (Java zeroes what it allocates). Shapes beyond {@link Limits}
     * (64 dimensions, 2^31-9 elements, {@link Limits#maxBytes} bytes) are refused before
     * anything is allocated.
     */
    public static NDArray empty(DType t, int... shape) {
        int n = Limits.checkedCount(t, shape);
        return new NDArray(t, shape.clone(), cStrides(shape), 0, Storage.allocate(t, n));
    }

    public static NDArray zeros(DType t, int... shape) {
        return empty(t, shape);
    }

    public static NDArray ones(DType t, int... shape) {
        NDArray a = empty(t, shape);
        for (int i = 0; i < a.size; i++) {
            if ((i & StopCheck.MASK) == 0) StopCheck.poll();
            Storage.setLong(a.data, t, i, 1);
        }
        return a;
    }

    /** A 0-d array holding {@code v}, converted as numpy converts a Python float (out of range raises). */
    public static NDArray scalar(DType t, double v) {
        NDArray a = empty(t);
        Storage.setValue(a.data, t, 0, v);
        return a;
    }

    /** A 0-d array holding {@code v}, converted as numpy converts a Python int (out of range raises). */
    public static NDArray scalar(DType t, long v) {
        NDArray a = empty(t);
        Storage.setValue(a.data, t, 0, v);
        return a;
    }

    /**
     * An array from Java data: a primitive array (its own dtype), nested arrays or lists
     * of numbers, booleans and NDArrays (int64 for integers, float64 once any element is a
     * Double or Float, bool for booleans), or a single number. At most
     * {@link Limits#MAX_DIMS} levels deep.
     */
    public static NDArray array(Object data) {
        return array(data, null);
    }

    /**
     * As {@link #array(Object)}, converted to {@code t} (null infers it). Boxed numbers
     * convert as numpy 2 converts Python numbers in {@code np.array([300], np.uint8)}: a
     * value {@code t} cannot hold raises ArithmeticException (numpy's OverflowError);
     * primitive arrays and NDArrays convert as numpy's casts do (integers wrap).
     */
    public static NDArray array(Object data, DType t) {
        List<Integer> dims = new ArrayList<>();
        DType inferred = shapeOf(data, dims, 0);
        DType type = t != null ? t : inferred;
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        NDArray a = empty(type, shape);
        int[] at = {0};
        fill(a, data, at);
        return a;
    }

    /** Values from start (inclusive) to stop (exclusive) by step, numpy's arange (values cast to {@code t}). */
    public static NDArray arange(double start, double stop, double step, DType t) {
        if (step == 0) throw new IllegalArgumentException("arange step cannot be zero");
        double n = Math.max(0, Math.ceil((stop - start) / step));
        if (!(n <= Limits.MAX_ELEMENTS)) throw new IllegalArgumentException("arange of " + n + " values is too large");
        return range(start, step, (int) n, t);
    }

    /** {@code count} values start, start + step, ..., cast to {@code t} as numpy's arange does (integers wrap). */
    public static NDArray range(double start, double step, int count, DType t) {
        NDArray a = empty(t, count);
        for (int i = 0; i < count; i++) {
            if ((i & StopCheck.MASK) == 0) StopCheck.poll();
            Storage.setDouble(a.data, t, i, start + i * step);
        }
        return a;
    }

    public static NDArray arange(long n) {
        if (n < 0 || n > Limits.MAX_ELEMENTS) throw new IllegalArgumentException("arange of " + n + " values is out of range");
        NDArray a = empty(DType.INT64, (int) n);
        for (int i = 0; i < a.size; i++) {
            if ((i & StopCheck.MASK) == 0) StopCheck.poll();
            ((long[]) a.data)[i] = i;
        }
        return a;
    }

    /** {@code num} evenly spaced float64 values from start to stop, both included. */
    public static NDArray linspace(double start, double stop, int num) {
        return linspace(start, stop, num, true, DType.FLOAT64);
    }

    /**
     * numpy's linspace: {@code num} evenly spaced values from start to stop (stop included
     * when {@code endpoint}); integer types take the floor of each value, as numpy 2 does.
     */
    public static NDArray linspace(double start, double stop, int num, boolean endpoint, DType t) {
        if (num < 0) throw new IllegalArgumentException("linspace num must be >= 0, was " + num);
        NDArray a = empty(t, num);
        int div = endpoint ? num - 1 : num;
        double step = div > 0 ? (stop - start) / div : 0;
        for (int i = 0; i < num; i++) {
            if ((i & StopCheck.MASK) == 0) StopCheck.poll();
            double v = endpoint && i == num - 1 && num > 1 ? stop : start + i * step;
            Storage.setDouble(a.data, t, i, t.isFloat() ? v : Math.floor(v));
        }
        return a;
    }

    // ---- properties -----------------------------------------------------------------

    public DType dtype() {
        return dtype;
    }

    public int[] shape() {
        return shape.clone();
    }

    /** Strides in bytes, as numpy reports them. */
    public int[] strides() {
        int[] s = strides.clone();
        for (int i = 0; i < s.length; i++) s[i] *= dtype.itemSize();
        return s;
    }

    public int ndim() {
        return shape.length;
    }

    public int size() {
        return size;
    }

    /** True when the elements lie in C order with no gaps. */
    public boolean isContiguous() {
        int expect = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != expect) return false;
            expect *= shape[d];
        }
        return true;
    }

    /** True when this array and {@code other} view the same memory. */
    public boolean sharesMemoryWith(NDArray other) {
        return data == other.data;
    }

    // ---- elements -------------------------------------------------------------------

    public double getDouble(int... index) {
        return Storage.getDouble(data, dtype, at(index));
    }

    public long getLong(int... index) {
        return Storage.getLong(data, dtype, at(index));
    }

    public boolean getBoolean(int... index) {
        return Storage.getDouble(data, dtype, at(index)) != 0;
    }

    /** numpy's {@code a[i, j] = v}: floats truncate into integer types; a value the dtype cannot hold raises ArithmeticException. */
    public void set(double v, int... index) {
        Storage.setValue(data, dtype, at(index), v);   // one element: Storage refuses a read-only view
    }

    /** numpy's {@code a[i, j] = v}: a value the dtype cannot hold raises ArithmeticException (numpy 2's OverflowError). */
    public void set(long v, int... index) {
        Storage.setValue(data, dtype, at(index), v);   // one element: Storage refuses a read-only view
    }

    /** The element at a C-order position of this array (0 <= i < size). */
    double flatDouble(int i) {
        return Storage.getDouble(data, dtype, offsetOfFlat(i));
    }

    long flatLong(int i) {
        return Storage.getLong(data, dtype, offsetOfFlat(i));
    }

    int offsetOfFlat(int i) {
        int off = offset;
        for (int d = shape.length - 1; d >= 0; d--) {
            int n = shape[d];
            off += (i % n) * strides[d];
            i /= n;
        }
        return off;
    }

    private int at(int[] index) {
        if (index.length != shape.length)
            throw new IllegalArgumentException("an index of " + index.length + " numbers for an array of "
                    + shape.length + " dimensions " + Arrays.toString(shape));
        int off = offset;
        for (int d = 0; d < index.length; d++) {
            int i = index[d] < 0 ? index[d] + shape[d] : index[d];
            if (i < 0 || i >= shape[d])
                throw new IndexOutOfBoundsException("index " + index[d] + " is out of bounds for axis " + d
                        + " with size " + shape[d]);
            off += i * strides[d];
        }
        return off;
    }

    // ---- views and copies -----------------------------------------------------------

    /**
     * Basic indexing: one entry per leading axis, each an {@code Integer} (takes that
     * position, removing the axis) or a {@link Slice}. The result is a view.
     */
    public NDArray slice(Object... index) {
        if (index.length > shape.length)
            throw new IndexOutOfBoundsException("too many indices (" + index.length + ") for an array of "
                    + shape.length + " dimensions");
        List<Integer> newShape = new ArrayList<>();
        List<Integer> newStrides = new ArrayList<>();
        int off = offset;
        for (int d = 0; d < shape.length; d++) {
            Object ix = d < index.length ? index[d] : Slice.all();
            if (ix instanceof Number num) {
                int i = num.intValue();
                int j = i < 0 ? i + shape[d] : i;
                if (j < 0 || j >= shape[d])
                    throw new IndexOutOfBoundsException("index " + i + " is out of bounds for axis " + d
                            + " with size " + shape[d]);
                off += j * strides[d];
            } else if (ix instanceof Slice s) {
                int[] fc = s.resolve(shape[d]);
                off += fc[1] > 0 ? fc[0] * strides[d] : 0;
                newShape.add(fc[1]);
                newStrides.add(strides[d] * s.step());
            } else {
                throw new IllegalArgumentException("an index is an integer or a Slice, not " + ix);
            }
        }
        return new NDArray(dtype, toInts(newShape), toInts(newStrides), off, data);
    }

    /** Sets every element selected by a basic index to {@code value} (an NDArray or a number), broadcasting. */
    public void assign(Object[] index, Object value) {
        slice(index).fill(value);
    }

    /**
     * Sets every element to {@code value}: an NDArray broadcast to this shape (cast, as
     * numpy casts), or a number or Boolean (converted as numpy converts a Python value:
     * one this dtype cannot hold raises ArithmeticException).
     */
    public void fill(Object value) {
        checkWritable();
        NDArray src = value instanceof NDArray a ? a : valueOf(dtype, value);
        int[] bs = Ops.broadcastStrides(src, shape, "assign");
        Ops.each(shape, (i, offs) -> {
            if (dtype.isFloat() || src.dtype.isFloat())
                Storage.setDouble(data, dtype, offs[0], Storage.getDouble(src.data, src.dtype, offs[1]));
            else Storage.setLong(data, dtype, offs[0], Storage.getLong(src.data, src.dtype, offs[1]));
        }, new int[][] {strides, bs}, new int[] {offset, src.offset});
    }

    /** A Java number or Boolean as a 0-d array of type {@code t}, checked as numpy checks a Python value. */
    static NDArray valueOf(DType t, Object value) {
        if (value instanceof Boolean b) return scalar(t, b ? 1L : 0L);
        if (value instanceof Double || value instanceof Float) return scalar(t, ((Number) value).doubleValue());
        if (value instanceof Number n) return scalar(t, n.longValue());
        throw new IllegalArgumentException("a value is an NDArray, a number or a boolean, not "
                + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    /** The same elements in a new shape (one entry may be -1): a view when contiguous, else a copy. */
    public NDArray reshape(int... newShape) {
        int[] s = newShape.clone();
        int known = 1, unknown = -1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (unknown >= 0) throw new IllegalArgumentException("can only specify one unknown dimension");
                unknown = i;
            } else if (s[i] < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(newShape));
            else known *= s[i];
        }
        if (unknown >= 0) {
            if (known == 0 || size % known != 0)
                throw new IllegalArgumentException("cannot reshape array of size " + size + " into shape " + Arrays.toString(newShape));
            s[unknown] = size / known;
        }
        if (count(s) != size)
            throw new IllegalArgumentException("cannot reshape array of size " + size + " into shape " + Arrays.toString(newShape));
        NDArray src = isContiguous() ? this : copy();
        return new NDArray(dtype, s, cStrides(s), src.offset, src.data);
    }

    /** A 1-d copy in C order. */
    public NDArray flatten() {
        return copy().reshape(size);
    }

    /** A contiguous copy. */
    public NDArray copy() {
        return astype(dtype);
    }

    /** A contiguous copy converted to {@code t}. */
    public NDArray astype(DType t) {
        NDArray out = empty(t, shape);
        if (t == dtype && data instanceof Buffer view && isContiguous()) {
            Storage.copyOut(view, t, offset, out.data, size);    // a received array to the heap in one copy
            return out;
        }
        boolean viaDouble = t.isFloat() || dtype.isFloat();
        for (int i = 0; i < size; i++) {
            if ((i & StopCheck.MASK) == 0) StopCheck.poll();
            int src = offsetOfFlat(i);
            if (viaDouble) Storage.setDouble(out.data, t, i, Storage.getDouble(data, dtype, src));
            else Storage.setLong(out.data, t, i, Storage.getLong(data, dtype, src));
        }
        return out;
    }

    /** Integer-array indexing on the first axis (negative positions count from the end): a copy. */
    public NDArray take(NDArray indices) {
        return take(indices, 0);
    }

    /**
     * numpy's {@code take} along {@code axis} (negative counts from the last), the same as
     * {@code a[:, ..., indices]} with the index array at that axis: the axis becomes
     * {@code indices.size()} long, the others stay. A copy.
     */
    public NDArray take(NDArray indices, int axis) {
        int ax = checkedAxis(indices, axis);
        int n = indices.size;
        int[] outShape = shape.clone();
        outShape[ax] = n;
        NDArray out = empty(dtype, outShape);
        for (int k = 0; k < n; k++) {
            if ((k & StopCheck.MASK) == 0) StopCheck.poll();
            out.slice(atAxis(ax, k)).fill(slice(atAxis(ax, checkedIndex(indices.flatLong(k), ax))));
        }
        return out;
    }

    /** Sets the rows selected by an integer array on the first axis. */
    public void put(NDArray indices, Object value) {
        put(indices, 0, value);
    }

    /**
     * Sets what {@link #take(NDArray, int)} selects: {@code value} is a number, an array
     * broadcast to one selected slab, or an array of the selection's shape (one slab per
     * index).
     */
    public void put(NDArray indices, int axis, Object value) {
        checkWritable();
        int ax = checkedAxis(indices, axis);
        boolean perIndex = value instanceof NDArray v && v.ndim() == ndim() && v.shape[ax] == indices.size;
        for (int k = 0; k < indices.size; k++) {
            if ((k & StopCheck.MASK) == 0) StopCheck.poll();
            NDArray slab = slice(atAxis(ax, checkedIndex(indices.flatLong(k), ax)));
            slab.fill(perIndex ? ((NDArray) value).slice(atAxis(ax, k)) : value);
        }
    }

    private int checkedAxis(NDArray indices, int axis) {
        if (!indices.dtype.isInteger()) throw new IllegalArgumentException("index arrays must be integers, not " + indices.dtype);
        int ax = axis < 0 ? axis + shape.length : axis;
        if (ax < 0 || ax >= shape.length)
            throw new IllegalArgumentException("axis " + axis + " is out of range for an array of " + shape.length + " dimensions");
        return ax;
    }

    /** The basic index {@code [:, ..., :, i]} with {@code i} at {@code axis}. */
    private static Object[] atAxis(int axis, int i) {
        Object[] ix = new Object[axis + 1];
        for (int d = 0; d < axis; d++) ix[d] = Slice.all();
        ix[axis] = i;
        return ix;
    }

    /** Boolean-mask indexing: the elements where {@code mask} (same shape) is true, as a 1-d copy. */
    public NDArray mask(NDArray mask) {
        checkMask(mask);
        int n = 0;
        for (int i = 0; i < size; i++) {
            if ((i & StopCheck.MASK) == 0) StopCheck.poll();
            if (mask.flatDouble(i) != 0) n++;
        }
        NDArray out = empty(dtype, n);
        int k = 0;
        for (int i = 0; i < size; i++) {
            if ((i & StopCheck.MASK) == 0) StopCheck.poll();
            if (mask.flatDouble(i) != 0) copyElement(this, i, out, k++);
        }
        return out;
    }

    /**
     * Sets the elements where {@code mask} is true to {@code value}: a number or Boolean
     * (checked as {@link #fill} checks it), or an array of one value or of one value per
     * selected element (cast).
     */
    public void putMask(NDArray mask, Object value) {
        checkWritable();
        checkMask(mask);
        NDArray v = value instanceof NDArray a ? a : valueOf(dtype, value);
        if (v.size != 1) {
            int selected = 0;
            for (int i = 0; i < size; i++) if (mask.flatDouble(i) != 0) selected++;
            if (v.size != selected)
                throw new IllegalArgumentException("a masked assignment takes one value or " + selected + " values, not " + v.size);
        }
        int k = 0;
        for (int i = 0; i < size; i++) {
            if ((i & StopCheck.MASK) == 0) StopCheck.poll();
            if (mask.flatDouble(i) == 0) continue;
            copyElement(v, v.size == 1 ? 0 : k, this, i);
            k++;
        }
    }

    private void checkMask(NDArray mask) {
        if (!mask.dtype.isBool()) throw new IllegalArgumentException("a mask is a bool array, not " + mask.dtype);
        if (!Arrays.equals(mask.shape, shape))
            throw new IllegalArgumentException("mask shape " + Arrays.toString(mask.shape) + " does not match array shape "
                    + Arrays.toString(shape));
    }

    private int checkedIndex(long i, int axis) {
        long j = i < 0 ? i + shape[axis] : i;
        if (j < 0 || j >= shape[axis])
            throw new IndexOutOfBoundsException("index " + i + " is out of bounds for axis " + axis + " with size " + shape[axis]);
        return (int) j;
    }

    private static void copyElement(NDArray from, int i, NDArray to, int j) {
        int src = from.offsetOfFlat(i);
        if (from.dtype.isFloat() || to.dtype.isFloat()) Storage.setDouble(to.data, to.dtype, to.offsetOfFlat(j), Storage.getDouble(from.data, from.dtype, src));
        else Storage.setLong(to.data, to.dtype, to.offsetOfFlat(j), Storage.getLong(from.data, from.dtype, src));
    }

    /** The elements in C order as doubles (a copy). */
    public double[] toDoubleArray() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            if ((i & StopCheck.MASK) == 0) StopCheck.poll();
            out[i] = flatDouble(i);
        }
        return out;
    }

    /** The elements in C order as longs (a copy; floats truncate). */
    public long[] toLongArray() {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            if ((i & StopCheck.MASK) == 0) StopCheck.poll();
            out[i] = flatLong(i);
        }
        return out;
    }

    /**
     * numpy's repr on one line. Past numpy's print threshold of 1000 elements each axis
     * shows its first and last three entries around "...", and the shape is added, as
     * numpy summarises: a tostring of a huge array stays small.
     */
    @Override
    public String toString() {
        boolean summarise = size > PRINT_THRESHOLD;
        StringBuilder sb = new StringBuilder("array(");
        render(sb, 0, new int[shape.length], summarise);
        if (summarise) sb.append(", shape=").append(Arrays.toString(shape));
        return sb.append(", dtype=").append(dtype).append(')').toString();
    }

    private static final int PRINT_THRESHOLD = 1000, EDGE_ITEMS = 3;

    private void render(StringBuilder sb, int d, int[] idx, boolean summarise) {
        if (d == shape.length) {
            if (dtype.isBool()) sb.append(getDouble(idx) != 0 ? "True" : "False");
            else if (dtype.isFloat()) sb.append(getDouble(idx));
            else sb.append(getLong(idx));
            return;
        }
        sb.append('[');
        int n = shape[d];
        boolean cut = summarise && n > 2 * EDGE_ITEMS;
        for (int i = 0; i < n; i++) {
            if (cut && i == EDGE_ITEMS) {
                sb.append(", ...");
                i = n - EDGE_ITEMS;
            }
            if (i > 0) sb.append(", ");
            idx[d] = i;
            render(sb, d + 1, idx, summarise);
        }
        sb.append(']');
    }

    // ---- helpers --------------------------------------------------------------------

    /**
     * Refuses a write into a read-only view before anything is written, as numpy does, so
     * a failed assignment leaves no element changed (and one of no elements still fails).
     */
    void checkWritable() {
        if (Storage.isReadOnly(data)) throw Storage.readOnly();
    }

    static int count(int[] shape) {
        long n = 1;
        for (int s : shape) n *= s;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("array too large: " + Arrays.toString(shape));
        return (int) n;
    }

    static int[] cStrides(int[] shape) {
        int[] s = new int[shape.length];
        int step = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = step;
            step *= shape[d];
        }
        return s;
    }

    private static int[] toInts(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    private static DType shapeOf(Object o, List<Integer> dims, int depth) {
        if (depth > Limits.MAX_DIMS)
            throw new IllegalArgumentException("data nested deeper than " + Limits.MAX_DIMS + " levels (does it contain itself?)");
        if (o instanceof NDArray a) {
            for (int d = 0; d < a.shape.length; d++) sizeAt(dims, depth + d, a.shape[d]);
            if (dims.size() > depth + a.shape.length) throw new IllegalArgumentException("ragged nested data: not a rectangular array");
            return a.dtype;
        }
        if (o instanceof Number n) return n instanceof Double || n instanceof Float ? DType.FLOAT64 : DType.INT64;
        if (o instanceof Boolean) return DType.BOOL;
        if (o instanceof double[] a) return leaf(dims, depth, a.length, DType.FLOAT64);
        if (o instanceof float[] a) return leaf(dims, depth, a.length, DType.FLOAT32);
        if (o instanceof long[] a) return leaf(dims, depth, a.length, DType.INT64);
        if (o instanceof int[] a) return leaf(dims, depth, a.length, DType.INT32);
        if (o instanceof short[] a) return leaf(dims, depth, a.length, DType.INT16);
        if (o instanceof byte[] a) return leaf(dims, depth, a.length, DType.INT8);
        if (o instanceof boolean[] a) return leaf(dims, depth, a.length, DType.BOOL);
        List<?> items = o instanceof Object[] arr ? Arrays.asList(arr) : o instanceof List<?> l ? l : null;
        if (items == null) throw new IllegalArgumentException("cannot make an array element of " + (o == null ? "null" : o.getClass().getSimpleName() + " " + o));
        sizeAt(dims, depth, items.size());
        DType t = null;
        for (Object item : items) {
            DType it = shapeOf(item, dims, depth + 1);
            t = t == null ? it : DType.promote(t, it);
        }
        if (items.isEmpty()) return DType.FLOAT64;
        return t;
    }

    private static DType leaf(List<Integer> dims, int depth, int n, DType t) {
        sizeAt(dims, depth, n);
        if (dims.size() > depth + 1) throw new IllegalArgumentException("ragged nested data: not a rectangular array");
        return t;
    }

    private static void sizeAt(List<Integer> dims, int depth, int n) {
        if (dims.size() == depth) dims.add(n);
        else if (dims.get(depth) != n)
            throw new IllegalArgumentException("ragged nested data: lengths " + dims.get(depth) + " and " + n + " at depth " + depth);
    }

    private static void fill(NDArray a, Object o, int[] at) {
        if ((at[0] & StopCheck.MASK) == 0) StopCheck.poll();
        if (o instanceof Number n) {
            if (n instanceof Double || n instanceof Float) Storage.setValue(a.data, a.dtype, at[0]++, n.doubleValue());
            else Storage.setValue(a.data, a.dtype, at[0]++, n.longValue());
        } else if (o instanceof Boolean b) {
            Storage.setLong(a.data, a.dtype, at[0]++, b ? 1 : 0);
        } else if (o instanceof NDArray x) {
            for (int i = 0; i < x.size; i++) copyElement(x, i, a, at[0]++);
        } else if (o instanceof double[] x) {
            for (double v : x) Storage.setDouble(a.data, a.dtype, at[0]++, v);
        } else if (o instanceof float[] x) {
            for (float v : x) Storage.setDouble(a.data, a.dtype, at[0]++, v);
        } else if (o instanceof long[] x) {
            for (long v : x) Storage.setLong(a.data, a.dtype, at[0]++, v);
        } else if (o instanceof int[] x) {
            for (int v : x) Storage.setLong(a.data, a.dtype, at[0]++, v);
        } else if (o instanceof short[] x) {
            for (short v : x) Storage.setLong(a.data, a.dtype, at[0]++, v);
        } else if (o instanceof byte[] x) {
            for (byte v : x) Storage.setLong(a.data, a.dtype, at[0]++, v);
        } else if (o instanceof boolean[] x) {
            for (boolean v : x) Storage.setLong(a.data, a.dtype, at[0]++, v ? 1 : 0);
        } else if (o instanceof Object[] x) {
            for (Object v : x) fill(a, v, at);
        } else if (o instanceof List<?> l) {
            for (Object v : l) fill(a, v, at);
        }
    }
}
