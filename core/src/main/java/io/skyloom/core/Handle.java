package io.skyloom.core;

/**
 * Service addresses, 32 bits as in skynet: the node id in the high 8 bits, a local
 * number in the low 24. Printed as {@code :0000000a}.
 */
public final class Handle {

    public static final int LOCAL_BITS = 24;
    public static final int LOCAL_MASK = (1 << LOCAL_BITS) - 1;
    public static final int MAX_NODE_ID = 255;

    private Handle() {}

    public static int of(int nodeId, int local) {
        return (nodeId << LOCAL_BITS) | (local & LOCAL_MASK);
    }

    public static int nodeId(int handle) {
        return handle >>> LOCAL_BITS;
    }

    public static int local(int handle) {
        return handle & LOCAL_MASK;
    }

    public static String format(int handle) {
        String hex = Integer.toHexString(handle);
        return ":" + "00000000".substring(hex.length()) + hex;
    }

    /** Parses {@code :0000000a} (or {@code 0000000a}); returns -1 when it is not one. */
    public static long parse(String text) {
        String s = text.startsWith(":") ? text.substring(1) : text;
        if (s.isEmpty() || s.length() > 8) return -1;
        try {
            return Long.parseLong(s, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
