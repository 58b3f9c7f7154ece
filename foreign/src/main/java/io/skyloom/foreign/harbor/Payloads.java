package io.skyloom.foreign.harbor;

import io.skyloom.core.PType;
import io.skyloom.core.kernel.RemoteError;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;

/**
 * What a message's payload becomes on the wire, and back: by what it is, a kind byte
 * and bytes. A foreign message's values travel as PTYPE_FOREIGN_REMOTE with Kryo and
 * arrive as a foreign message again; a Lua message's pack goes through the Lua host's
 * codec (skynet.pack's rules); strings and byte strings as their bytes; error replies
 * as message, traceback and whether the service is dead. Anything else is refused at
 * the sender, naming its type. Stateless, thread-safe.
 */
final class Payloads {

    static final int NIL = 0, BYTES = 1, KRYO = 2, ERROR = 3, LUA = 4;

    private static final PayloadCodec LUA_CODEC = ServiceLoader.load(PayloadCodec.class).findFirst().orElse(null);

    private Payloads() {}

    /**
     * The wire form of one message's payload: the first {@code length} bytes of
     * {@code bytes}, which belong to {@code output} (null: to nobody) until {@link #release}.
     */
    record Wire(int type, int kind, byte[] bytes, int length, RemoteValues.BulkOutput output) {
        Wire(int type, int kind, byte[] bytes) {
            this(type, kind, bytes, bytes.length, null);
        }

        /** The bytes were used: a pooled output's buffer serves the next message. */
        void release() {
            if (output != null) RemoteValues.release(output);
        }

        /** The payload as an array of its own length. */
        byte[] exact() {
            return length == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, length);
        }
    }

    static Wire encode(int type, Object payload) {
        if (payload == null) return new Wire(type, NIL, new byte[0]);
        if (payload instanceof RemoteError e) return new Wire(type, ERROR, RemoteValues.encode(e));
        if (payload instanceof byte[] b) return new Wire(type, BYTES, b);
        if (payload instanceof String s) return new Wire(type, BYTES, s.getBytes(StandardCharsets.UTF_8));
        if (LUA_CODEC != null && LUA_CODEC.encodes(payload)) return new Wire(type, LUA, LUA_CODEC.encode(payload));
        int wireType = type == PType.FOREIGN ? PType.FOREIGN_REMOTE : type;
        RemoteValues.BulkOutput out = RemoteValues.encodeTo(payload);   // not copied out: the frame takes it from here
        return new Wire(wireType, KRYO, out.getBuffer(), out.position(), out);
    }

    /** The type and payload a frame delivers. */
    record Delivered(int type, Object payload) {}

    static Delivered decode(Frame f) throws Frame.BadFrame {
        switch (f.kind()) {
            case NIL:
                if (f.payload().length != 0) throw new Frame.BadFrame("a nil payload with " + f.payload().length + " bytes");
                return new Delivered(f.type(), null);
            case BYTES:
                return new Delivered(f.type(), f.payload());
            case ERROR: {
                Object e = RemoteValues.decode(f.payload());
                if (!(e instanceof RemoteError)) throw new Frame.BadFrame("an error payload that is not an error");
                return new Delivered(f.type(), e);
            }
            case LUA:
                if (LUA_CODEC == null) throw new Frame.BadFrame("a Lua payload, and this node has no Lua host");
                try {
                    return new Delivered(f.type(), LUA_CODEC.decode(f.payload()));
                } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                    throw new Frame.BadFrame("undecodable Lua payload: " + e.getMessage());
                }
            case KRYO: {
                Object v = RemoteValues.decode(f.payload());
                // Foreign values crossed as PTYPE_FOREIGN_REMOTE; they arrive as the foreign message they were.
                int type = f.type() == PType.FOREIGN_REMOTE && v instanceof Object[] ? PType.FOREIGN : f.type();
                return new Delivered(type, v);
            }
            default:
                throw new Frame.BadFrame("unknown payload kind " + f.kind());
        }
    }
}
