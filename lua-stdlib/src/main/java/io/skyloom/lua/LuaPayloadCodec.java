package io.skyloom.lua;

import io.skyloom.foreign.harbor.PayloadCodec;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua payloads between processes: a packed message (skynet.pack) as its byte form, and
 * a bare Lua string, number or boolean (what {@code c.send} may carry raw) as a pack of
 * one value that arrives as that value again. Found by the harbor with ServiceLoader.
 */
public final class LuaPayloadCodec implements PayloadCodec {

    private static final byte PACK = 'P', VALUE = 'V';

    @Override
    public boolean encodes(Object payload) {
        return payload instanceof LuaPack || payload instanceof LuaValue;
    }

    @Override
    public byte[] encode(Object payload) {
        LuaPack p = payload instanceof LuaPack pack ? pack : LuaPack.of((Varargs) payload, 1);
        byte[] body = p.toBytes();
        byte[] out = new byte[body.length + 1];
        out[0] = payload instanceof LuaPack ? PACK : VALUE;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    @Override
    public Object decode(byte[] bytes) {
        if (bytes.length == 0) throw new IllegalArgumentException("an empty Lua payload");
        LuaPack p = LuaPack.fromBytes(java.util.Arrays.copyOfRange(bytes, 1, bytes.length));
        if (bytes[0] == PACK) return p;
        if (bytes[0] != VALUE || p.count() != 1) throw new IllegalArgumentException("a Lua payload of unknown form");
        return p.unpack().arg1();
    }
}
