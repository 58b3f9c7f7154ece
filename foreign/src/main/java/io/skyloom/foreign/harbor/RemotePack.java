package io.skyloom.foreign.harbor;

/**
 * pyskynet's {@code foreign.remotepack}/{@code remoteunpack}: foreign values as the
 * bytes PTYPE_FOREIGN_REMOTE carries between processes (Kryo, registered types only),
 * for code that moves them itself.
 */
public final class RemotePack {

    private RemotePack() {}

    public static byte[] pack(Object[] values) {
        return RemoteValues.encode(values);
    }

    /** The values of untrusted bytes; IllegalArgumentException naming what was wrong. */
    public static Object[] unpack(byte[] bytes) {
        try {
            Object v = RemoteValues.decode(bytes);
            if (v instanceof Object[] values) return values;
            throw new IllegalArgumentException("the bytes hold one " + (v == null ? "nil" : v.getClass().getSimpleName()) + ", not packed values");
        } catch (Frame.BadFrame e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
