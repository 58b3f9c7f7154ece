package io.skyloom.numsky;

import java.nio.DoubleBuffer;

/**
 * Reductions over all elements or along one axis: sum, prod, max, min, any, all, mean,
 * var, std, argmax, argmin, with numpy's result types (integer sums and products are
 * int64, means of integers float64, comparisons keep the dtype, any/all bool).
 */
final class Reductions {
    private Reductions() {}

    enum Kind { SUM, PROD, MAX, MIN, ANY, ALL, MEAN, VAR, STD, ARGMAX, ARGMIN }

    static NDArray reduce(NDArray a, Integer axis, Kind kind) {
        DType out = resultType(a.dtype, kind);
        if (axis == null) {
            if (kind == Kind.SUM && a.dtype == DType.FLOAT64 && a.isContiguous()) {
                if (!(a.data instanceof double[] d))
                    return NDArray.scalar(DType.FLOAT64, sum4((DoubleBuffer) a.data, a.offset, a.size));
                // Four running sums break the add-latency chain (numpy sums pairwise, also
                // not in strict order; results agree to rounding).
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int i = a.offset, end = a.offset + a.size;
                for (; i + 3 < end; i += 4) {
                    if (((i - a.offset) & StopCheck.MASK) == 0) StopCheck.poll();
                    s0 += d[i];
                    s1 += d[i + 1];
                    s2 += d[i + 2];
                    s3 += d[i + 3];
                }
                for (; i < end; i++) s0 += d[i];
                return NDArray.scalar(DType.FLOAT64, (s0 + s1) + (s2 + s3));
            }
            NDArray flat = a.isContiguous() ? a.reshape(a.size) : a.flatten();
            NDArray r = NDArray.empty(out);
            group(flat, flat.offset, flat.strides.length == 0 ? 1 : flat.strides[0], flat.size, kind, r, 0);
            return r;
        }
        int ax = axis < 0 ? axis + a.ndim() : axis;
        if (ax < 0 || ax >= a.ndim())
            throw new IllegalArgumentException("axis " + axis + " is out of bounds for an array of dimension " + a.ndim());
        int[] outShape = new int[a.ndim() - 1];
        int[] outStrides = new int[a.ndim() - 1];
        for (int d = 0, j = 0; d < a.ndim(); d++) {
            if (d == ax) continue;
            outShape[j] = a.shape[d];
            outStrides[j++] = a.strides[d];
        }
        NDArray r = NDArray.empty(out, outShape);
        int len = a.shape[ax], step = a.strides[ax];
        Ops.each(outShape, (i, o) -> group(a, o[0], step, len, kind, r, i), new int[][] {outStrides}, new int[] {a.offset});
        return r;
    }

    /**
     * The fast sum on a view ({@link Npy#view}): the same four running sums in the same
     * order as on the heap, so a received array sums to exactly what its copy does.
     */
    private static double sum4(DoubleBuffer d, int offset, int size) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = offset, end = offset + size;
        for (; i + 3 < end; i += 4) {
            if (((i - offset) & StopCheck.MASK) == 0) StopCheck.poll();
            s0 += d.get(i);
            s1 += d.get(i + 1);
            s2 += d.get(i + 2);
            s3 += d.get(i + 3);
        }
        for (; i < end; i++) s0 += d.get(i);
        return (s0 + s1) + (s2 + s3);
    }

    private static DType resultType(DType t, Kind kind) {
        return switch (kind) {
            case SUM, PROD -> t.isFloat() ? t : DType.INT64;
            case MAX, MIN -> t;
            case ANY, ALL -> DType.BOOL;
            case MEAN, VAR, STD -> t.isFloat() ? t : DType.FLOAT64;
            case ARGMAX, ARGMIN -> DType.INT64;
        };
    }

    /** Reduces the {@code len} elements at {@code start + k * step} into {@code r}'s flat slot {@code slot}. */
    private static void group(NDArray a, int start, int step, int len, Kind kind, NDArray r, int slot) {
        Object d = a.data;
        DType t = a.dtype;
        switch (kind) {
            case SUM, PROD -> {
                boolean sum = kind == Kind.SUM;
                if (t.isFloat()) {
                    double acc = sum ? 0 : 1;
                    for (int k = 0; k < len; k++) { if ((k & StopCheck.MASK) == 0) StopCheck.poll();
                        double v = Storage.getDouble(d, t, start + k * step);
                        acc = sum ? acc + v : acc * v;
                    }
                    Storage.setDouble(r.data, r.dtype, slot, acc);
                } else {
                    long acc = sum ? 0 : 1;
                    for (int k = 0; k < len; k++) { if ((k & StopCheck.MASK) == 0) StopCheck.poll();
                        long v = Storage.getLong(d, t, start + k * step);
                        acc = sum ? acc + v : acc * v;
                    }
                    Storage.setLong(r.data, r.dtype, slot, acc);
                }
            }
            case MAX, MIN, ARGMAX, ARGMIN -> {
                if (len == 0)
                    throw new IllegalArgumentException("zero-size array to reduction operation " + kind.name().toLowerCase()
                            + " which has no identity");
                boolean max = kind == Kind.MAX || kind == Kind.ARGMAX;
                int best = 0;
                double bestV = Storage.getDouble(d, t, start);
                long bestL = Storage.getLong(d, t, start);
                for (int k = 1; k < len && !Double.isNaN(bestV); k++) { if ((k & StopCheck.MASK) == 0) StopCheck.poll();
                    int off = start + k * step;
                    boolean better;
                    if (t.isFloat()) {
                        double v = Storage.getDouble(d, t, off);
                        better = Double.isNaN(v) || (max ? v > bestV : v < bestV);
                        if (better) bestV = v;
                    } else {
                        long v = Storage.getLong(d, t, off);
                        better = max ? v > bestL : v < bestL;
                        if (better) bestL = v;
                    }
                    if (better) best = k;
                }
                if (kind == Kind.ARGMAX || kind == Kind.ARGMIN) Storage.setLong(r.data, r.dtype, slot, best);
                else if (t.isFloat()) Storage.setDouble(r.data, r.dtype, slot, bestV);
                else Storage.setLong(r.data, r.dtype, slot, bestL);
            }
            case ANY, ALL -> {
                boolean any = kind == Kind.ANY;
                boolean acc = !any;
                for (int k = 0; k < len; k++) { if ((k & StopCheck.MASK) == 0) StopCheck.poll();
                    boolean v = Storage.getDouble(d, t, start + k * step) != 0;
                    if (any && v) { acc = true; break; }
                    if (!any && !v) { acc = false; break; }
                }
                Storage.setLong(r.data, r.dtype, slot, acc ? 1 : 0);
            }
            case MEAN, VAR, STD -> {
                double sum = 0;
                for (int k = 0; k < len; k++) { if ((k & StopCheck.MASK) == 0) StopCheck.poll(); sum += Storage.getDouble(d, t, start + k * step); }
                double mean = sum / len;
                if (kind == Kind.MEAN) {
                    Storage.setDouble(r.data, r.dtype, slot, mean);
                    return;
                }
                double sq = 0;
                for (int k = 0; k < len; k++) { if ((k & StopCheck.MASK) == 0) StopCheck.poll();
                    double dev = Storage.getDouble(d, t, start + k * step) - mean;
                    sq += dev * dev;
                }
                double var = sq / len;
                Storage.setDouble(r.data, r.dtype, slot, kind == Kind.VAR ? var : Math.sqrt(var));
            }
        }
    }
}
