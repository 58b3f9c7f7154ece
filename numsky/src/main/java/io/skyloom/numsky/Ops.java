package io.skyloom.numsky;

import java.util.Arrays;

/** Broadcasting and the C-order walk every elementwise operation shares. Stateless. */
final class Ops {
    private Ops() {}

    /** Called for each position: its C-order number and each operand's element offset. */
    @FunctionalInterface
    interface Visitor {
        void visit(int flat, int[] offsets);
    }

    /** Walks {@code shape} in C order, keeping one element offset per operand. */
    static void each(int[] shape, Visitor v, int[][] strides, int[] starts) {
        int n = NDArray.count(shape);
        if (n == 0) return;
        int nd = shape.length, k = starts.length;
        int[] idx = new int[nd];
        int[] offs = starts.clone();
        for (int flat = 0; flat < n; flat++) {
            if ((flat & StopCheck.MASK) == 0) StopCheck.poll();
            v.visit(flat, offs);
            for (int d = nd - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    for (int j = 0; j < k; j++) offs[j] += strides[j][d];
                    break;
                }
                idx[d] = 0;
                for (int j = 0; j < k; j++) offs[j] -= strides[j][d] * (shape[d] - 1);
            }
        }
    }

    /** numpy's broadcast of two shapes, or an error naming both. */
    static int[] broadcastShape(int[] a, int[] b, String op) {
        int nd = Math.max(a.length, b.length);
        int[] out = new int[nd];
        for (int i = 0; i < nd; i++) {
            int x = i < nd - a.length ? 1 : a[i - (nd - a.length)];
            int y = i < nd - b.length ? 1 : b[i - (nd - b.length)];
            if (x != y && x != 1 && y != 1)
                throw new IllegalArgumentException(op + ": operands could not be broadcast together with shapes "
                        + Arrays.toString(a) + " " + Arrays.toString(b));
            out[i] = x == 1 ? y : x;
        }
        return out;
    }

    /** The strides that read {@code x} as if it had {@code shape} (0 on broadcast axes). */
    static int[] broadcastStrides(NDArray x, int[] shape, String op) {
        int nd = shape.length, lead = nd - x.shape.length;
        if (lead < 0) throw new IllegalArgumentException(op + ": cannot broadcast shape " + Arrays.toString(x.shape)
                + " to " + Arrays.toString(shape));
        int[] s = new int[nd];
        for (int d = 0; d < nd; d++) {
            if (d < lead) continue;
            int xs = x.shape[d - lead];
            if (xs == shape[d]) s[d] = x.strides[d - lead];
            else if (xs != 1)
                throw new IllegalArgumentException(op + ": cannot broadcast shape " + Arrays.toString(x.shape)
                        + " to " + Arrays.toString(shape));
        }
        return s;
    }
}
