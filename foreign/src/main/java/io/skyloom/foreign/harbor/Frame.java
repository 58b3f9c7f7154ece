package io.skyloom.foreign.harbor;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One message between nodes as bytes: a fixed header, then the payload as its codec
 * wrote it. The header says which incarnation of the sender wrote it and which
 * incarnation of the receiver it is for, so a restarted node never takes what was
 * meant for the one before, nor from the one before.
 *
 * <pre>
 *   u8  version          1
 *   u8  sender node id   1-255
 *   i64 sender incarnation
 *   i64 receiver incarnation (as the sender knew it)
 *   i32 source handle, i32 destination handle
 *   u8  type             0-255 (skynet's protocol number)
 *   i32 session
 *   u8  payload kind     see {@link Payloads}
 *   i32 payload length   then that many bytes
 * </pre>
 *
 * Decoding takes untrusted bytes: every field is checked, and a bad frame is a
 * {@link BadFrame} naming what was wrong. Immutable.
 */
record Frame(int senderNode, long senderIncarnation, long receiverIncarnation, int source, int destination, int type,
             int session, int kind, byte[] payload) {

    static final int VERSION = 1;
    static final int HEADER = 1 + 1 + 8 + 8 + 4 + 4 + 1 + 4 + 1 + 4;
    /** The largest payload a frame carries: 64 MiB (a float64 array of 8 million elements). */
    static final int MAX_PAYLOAD = 64 << 20;

    /** A frame that cannot be read: the reader drops it and says why. */
    static final class BadFrame extends Exception {
        BadFrame(String message) {
            super(message, null, false, false);
        }
    }

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        putHeader(b, senderNode, senderIncarnation, receiverIncarnation, source, destination, type, session, kind, payload.length);
        return b.put(payload).array();
    }

    /** The header of a frame whose payload of {@code length} bytes follows it, as {@link #encode} writes it. */
    static void putHeader(ByteBuffer b, int senderNode, long senderIncarnation, long receiverIncarnation, int source,
                          int destination, int type, int session, int kind, int length) {
        b.order(ByteOrder.LITTLE_ENDIAN).put((byte) VERSION).put((byte) senderNode).putLong(senderIncarnation)
                .putLong(receiverIncarnation).putInt(source).putInt(destination).put((byte) type).putInt(session)
                .put((byte) kind).putInt(length);
    }

    /** Copies a frame's payload from where the frame is into the array it is given. */
    interface PayloadSource {
        void copyTo(byte[] payload);
    }

    static Frame decode(byte[] bytes, int length) throws BadFrame {
        int head = Math.min(length, HEADER);
        return decode(ByteBuffer.wrap(bytes, 0, head), length, p -> System.arraycopy(bytes, HEADER, p, 0, p.length));
    }

    /**
     * A frame of {@code length} bytes whose first bytes (its header, or all of it when
     * shorter) are in {@code head}; {@code rest} copies the payload once the header was
     * found sound, so nothing is allocated beyond the frame's real length.
     */
    static Frame decode(ByteBuffer head, int length, PayloadSource rest) throws BadFrame {
        if (length < HEADER) throw new BadFrame("frame of " + length + " bytes is shorter than its " + HEADER + "-byte header");
        ByteBuffer b = head.order(ByteOrder.LITTLE_ENDIAN);
        try {
            int version = b.get() & 0xFF;
            if (version != VERSION) throw new BadFrame("frame version " + version + " is not " + VERSION);
            int sender = b.get() & 0xFF;
            if (sender == 0) throw new BadFrame("frame from node id 0");
            long senderInc = b.getLong(), receiverInc = b.getLong();
            int source = b.getInt(), destination = b.getInt();
            int type = b.get() & 0xFF;
            int session = b.getInt();
            int kind = b.get() & 0xFF;
            int len = b.getInt();
            if (len < 0 || len > MAX_PAYLOAD) throw new BadFrame("payload length " + len + " is outside 0.." + MAX_PAYLOAD);
            if (len != length - HEADER)
                throw new BadFrame("payload length " + len + " but " + (length - HEADER) + " bytes follow the header");
            byte[] payload = new byte[len];
            rest.copyTo(payload);
            return new Frame(sender, senderInc, receiverInc, source, destination, type, session, kind, payload);
        } catch (BufferUnderflowException e) {
            throw new BadFrame("frame ends inside its header");
        }
    }
}
