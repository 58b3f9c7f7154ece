package io.skyloom.numsky;

/**
 * Element reads and writes on the primitive array behind an array, by dtype. Writes
 * convert as numpy's casts do: floats to integers truncate toward zero, integers wrap.
 */
final class Storage {
    private Storage() {}

    static Object allocate(DType t, int n) {
        return switch (t) {
            case BOOL, INT8, UINT8 -> new byte[n];
            case INT16, UINT16 -> new short[n];
            case INT32, UINT32 -> new int[n];
            case INT64 -> new long[n];
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
        };
    }

    static double getDouble(Object data, DType t, int i) {
        return switch (t) {
            case FLOAT64 -> ((double[]) data)[i];
            case FLOAT32 -> ((float[]) data)[i];
            default -> getLong(data, t, i);
        };
    }

    static long getLong(Object data, DType t, int i) {
        return switch (t) {
            case BOOL, INT8 -> ((byte[]) data)[i];
            case UINT8 -> ((byte[]) data)[i] & 0xFFL;
            case INT16 -> ((short[]) data)[i];
            case UINT16 -> ((short[]) data)[i] & 0xFFFFL;
            case INT32 -> ((int[]) data)[i];
            case UINT32 -> ((int[]) data)[i] & 0xFFFF_FFFFL;
            case INT64 -> ((long[]) data)[i];
            case FLOAT32 -> (long) ((float[]) data)[i];
            case FLOAT64 -> (long) ((double[]) data)[i];
        };
    }

    static void setDouble(Object data, DType t, int i, double v) {
        switch (t) {
            case FLOAT64 -> ((double[]) data)[i] = v;
            case FLOAT32 -> ((float[]) data)[i] = (float) v;
            case BOOL -> ((byte[]) data)[i] = (byte) (v != 0 ? 1 : 0);
            default -> setLong(data, t, i, (long) v);
        }
    }

    static void setLong(Object data, DType t, int i, long v) {
        switch (t) {
            case BOOL -> ((byte[]) data)[i] = (byte) (v != 0 ? 1 : 0);
            case INT8, UINT8 -> ((byte[]) data)[i] = (byte) v;
            case INT16, UINT16 -> ((short[]) data)[i] = (short) v;
            case INT32, UINT32 -> ((int[]) data)[i] = (int) v;
            case INT64 -> ((long[]) data)[i] = v;
            case FLOAT32 -> ((float[]) data)[i] = (float) v;
            case FLOAT64 -> ((double[]) data)[i] = v;
        }
    }
}
