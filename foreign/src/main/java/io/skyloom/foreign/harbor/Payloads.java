package io.skyloom.foreign.harbor;

import io.skyloom.core.PType;
import io.skyloom.core.kernel.Providers;
import io.skyloom.core.kernel.RemoteError;
import java.nio.charset.StandardCharsets;

/**
 * What a message's payload becomes on the wire, and back: by what it is, a kind byte
 * and bytes. A foreign message's values travel as PTYPE_FOREIGN_REMOTE with Kryo and
 * arrive as a foreign message again; a Lua message's pack goes through the Lua host's
 * codec (skynet.pack's rules); strings and byte strings as their bytes; error replies
 * as message, traceback and whether the service is dead. Anything else is refused at
 * the sender, naming its type. Stateless, thread-safe.
 */
final class Payloads {

    /** BLOCK: the payload is in a block of the sender's {@link BlockArea}; the frame holds its {@link BlockArea.Ref}. */
    static final int NIL = 0, BYTES = 1, KRYO = 2, ERROR = 3, LUA = 4, BLOCK = 5;

    // Found at the first frame, with one class-path look-up (ServiceLoader opens every jar).
    private static final PayloadCodec LUA_CODEC = Providers.first(PayloadCodec.class).orElse(null);

    private Payloads() {}

    /**
     * The wire form of one message's payload, {@code length} bytes: the first ones of
     * {@code bytes}, which belong to {@code output} (null: to nobody) until {@link #release};
     * when the output held an array's data back, that data at its place ({@link #whole}).
     */
    record Wire(int type, int kind, byte[] bytes, int length, RemoteValues.BulkOutput output) {
        Wire(int type, int kind, byte[] bytes) {
            this(type, kind, bytes, bytes.length, null);
        }

        /** The payload is in the peer's queue: the echoes it counted are on their way (see {@link BlockArea}). */
        void sent() {
            if (output != null) output.sent();
        }

        /** The bytes were used: a pooled output's buffer serves the next message (echoes counted but not sent are counted off). */
        void release() {
            if (output != null) RemoteValues.release(output);
        }

        /** True when the first {@code length} bytes of {@code bytes} are the whole payload. */
        boolean whole() {
            return output == null || output.whole();
        }

        /** Puts the payload at {@code dst}'s position: the one copy of an array's data held back. */
        void writeTo(java.nio.ByteBuffer dst) {
            if (output != null) output.writeTo(dst);
            else dst.put(bytes, 0, length);
        }

        /** The payload as an array of its own length. */
        byte[] exact() {
            if (!whole()) {
                byte[] all = new byte[length];
                writeTo(java.nio.ByteBuffer.wrap(all));
                return all;
            }
            return length == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, length);
        }
    }

    static Wire encode(int type, Object payload) {
        return encode(type, payload, 0, 0);
    }

    /**
     * The same for node {@code node}'s incarnation {@code incarnation}: an array that views
     * a block of that node's area goes back to it as an echo, not a copy.
     */
    static Wire encode(int type, Object payload, int node, long incarnation) {
        if (payload == null) return new Wire(type, NIL, new byte[0]);
        if (payload instanceof RemoteError e) return new Wire(type, ERROR, RemoteValues.encode(e));
        if (payload instanceof byte[] b) return new Wire(type, BYTES, b);
        if (payload instanceof String s) return new Wire(type, BYTES, s.getBytes(StandardCharsets.UTF_8));
        if (LUA_CODEC != null && LUA_CODEC.encodes(payload)) return new Wire(type, LUA, LUA_CODEC.encode(payload));
        int wireType = type == PType.FOREIGN ? PType.FOREIGN_REMOTE : type;
        RemoteValues.BulkOutput out = RemoteValues.encodeTo(payload, node, incarnation);   // not copied out: the frame takes it from here
        return new Wire(wireType, KRYO, out.getBuffer(), out.size(), out);
    }

    /** The type and payload a frame delivers. */
    record Delivered(int type, Object payload) {}

    /** A frame's payload, refusing one in a block area (for readers that map none). */
    static Delivered decode(Frame f) throws Frame.BadFrame {
        return decode(f, null);
    }

    /**
     * A frame's payload; one of kind BLOCK is read from the sender's area in {@code areas},
     * and its block freed once no array that took its data in place is left.
     */
    static Delivered decode(Frame f, BlockArea.Readers areas) throws Frame.BadFrame {
        return decode(f, areas, null);
    }

    /** The same, with the echoes of this node's own blocks that the frame holds found by {@code echoes} (null: refused). */
    static Delivered decode(Frame f, BlockArea.Readers areas, RemoteValues.Echoes echoes) throws Frame.BadFrame {
        if (f.kind() != BLOCK) return decode(f.type(), f.kind(), f.payload(), f, echoes);
        if (areas == null) throw new Frame.BadFrame("a payload in a block area, and this reader maps none");
        BlockArea.Ref r = BlockArea.Ref.decode(f.payload());
        BlockArea.Lease lease = areas.lease(f, r);
        try {                                   // a sound reference frees its block, whatever the block holds
            if (r.kind() == BLOCK) throw new Frame.BadFrame("a block reference to a block reference");
            if (r.kind() == KRYO) return kryo(f.type(), RemoteValues.decode(lease.data(), lease, f, echoes));
            java.nio.ByteBuffer data = lease.data();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            return decode(f.type(), r.kind(), bytes, f, echoes);
        } finally {
            lease.drop();                       // arrays that view the block hold it on
        }
    }

    /** A payload of frame {@code f}, its echoes found by {@code echoes} (null: refused). */
    private static Delivered decode(int type, int kind, byte[] payload, Frame f, RemoteValues.Echoes echoes) throws Frame.BadFrame {
        switch (kind) {
            case NIL:
                if (payload.length != 0) throw new Frame.BadFrame("a nil payload with " + payload.length + " bytes");
                return new Delivered(type, null);
            case BYTES:
                return new Delivered(type, payload);
            case ERROR: {
                Object e = RemoteValues.decode(payload);
                if (!(e instanceof RemoteError)) throw new Frame.BadFrame("an error payload that is not an error");
                return new Delivered(type, e);
            }
            case LUA:
                if (LUA_CODEC == null) throw new Frame.BadFrame("a Lua payload, and this node has no Lua host");
                try {
                    return new Delivered(type, LUA_CODEC.decode(payload));
                } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                    throw new Frame.BadFrame("undecodable Lua payload: " + e.getMessage());
                }
            case KRYO:
                return kryo(type, RemoteValues.decode(payload, f, echoes));
            default:
                throw new Frame.BadFrame("unknown payload kind " + kind);
        }
    }

    /** Foreign values crossed as PTYPE_FOREIGN_REMOTE; they arrive as the foreign message they were. */
    private static Delivered kryo(int type, Object v) {
        return new Delivered(type == PType.FOREIGN_REMOTE && v instanceof Object[] ? PType.FOREIGN : type, v);
    }
}
