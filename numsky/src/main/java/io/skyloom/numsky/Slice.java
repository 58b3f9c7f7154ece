package io.skyloom.numsky;

/**
 * One axis of a basic index, numpy's {@code start:stop:step}. A null bound means "from
 * the end the step walks from" as in numpy; negative bounds count from the end.
 */
public record Slice(Integer start, Integer stop, int step) {

    public Slice {
        if (step == 0) throw new IllegalArgumentException("slice step cannot be zero");
    }

    public static Slice all() {
        return new Slice(null, null, 1);
    }

    public static Slice of(Integer start, Integer stop) {
        return new Slice(start, stop, 1);
    }

    /** {first index, count} for an axis of length {@code n}, with numpy's clamping (in long: a step may be huge). */
    int[] resolve(int n) {
        int first, last;
        if (step > 0) {
            first = start == null ? 0 : clamp(start < 0 ? start + n : start, 0, n);
            last = stop == null ? n : clamp(stop < 0 ? stop + n : stop, 0, n);
            return new int[] {first, (int) Math.max(0, ((long) last - first + step - 1) / step)};
        }
        first = start == null ? n - 1 : clamp(start < 0 ? start + n : start, -1, n - 1);
        last = stop == null ? -1 : clamp(stop < 0 ? stop + n : stop, -1, n - 1);
        return new int[] {first, (int) Math.max(0, ((long) first - last - (long) step - 1) / -(long) step)};
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
