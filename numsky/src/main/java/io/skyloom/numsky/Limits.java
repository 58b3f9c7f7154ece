package io.skyloom.numsky;

import java.util.Arrays;

/**
 * The bounds numsky checks before it allocates, so a huge or malformed request is an
 * error the caller can catch (a Lua pcall) and not an {@code OutOfMemoryError} that ends
 * the service: at most {@link #MAX_DIMS} dimensions (numpy's limit), at most
 * {@link #MAX_ELEMENTS} elements (the largest Java array), and at most {@link #maxBytes}
 * bytes per array. Stateless; the byte limit is read once from a system property.
 */
public final class Limits {

    /** numpy 2's maximum number of dimensions; also the deepest nesting {@code array} takes. */
    public static final int MAX_DIMS = 64;

    /** The largest element count a Java array can hold on HotSpot. */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** Default of {@link #maxBytes}: 1 GiB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    private static final long MAX_BYTES = Long.getLong("skyloom.numsky.maxBytes", DEFAULT_MAX_BYTES);

    private Limits() {}

    /**
     * The largest array numsky allocates, in bytes: {@code -Dskyloom.numsky.maxBytes=N},
     * default 1 GiB ({@value #DEFAULT_MAX_BYTES}); 0 or less means only the element limit.
     */
    public static long maxBytes() {
        return MAX_BYTES;
    }

    /** The element count of {@code shape}, or an error when an array of it may not be made. */
    static int checkedCount(DType t, int[] shape) {
        if (shape.length > MAX_DIMS)
            throw new IllegalArgumentException("an array has at most " + MAX_DIMS + " dimensions, not " + shape.length);
        long n = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative dimensions are not allowed: " + Arrays.toString(shape));
            n *= s;
            if (n > MAX_ELEMENTS)
                throw new IllegalArgumentException("an array of shape " + Arrays.toString(shape) + " has more than "
                        + MAX_ELEMENTS + " elements, numsky's limit");
        }
        long bytes = n * t.itemSize();
        if (MAX_BYTES > 0 && bytes > MAX_BYTES)
            throw new IllegalArgumentException("an array of shape " + Arrays.toString(shape) + " and type " + t + " needs "
                    + bytes + " bytes, more than numsky's limit of " + MAX_BYTES + " (-Dskyloom.numsky.maxBytes)");
        return (int) n;
    }
}
