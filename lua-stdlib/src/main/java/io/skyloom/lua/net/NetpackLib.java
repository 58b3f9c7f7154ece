package io.skyloom.lua.net;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code skynet.netpack}: packets of a 2-byte big-endian length and that many bytes, as
 * the gate speaks them. filter turns a socket message into skynet's events ("data",
 * "more", "open", "close", "error", "warning", "init"); messages are Lua strings here
 * (skynet passes a pointer and a size: pop and "data" still give the size after it).
 */
final class NetpackLib {

    static final int MAX_PACKET = 0xffff;

    private NetpackLib() {}

    static LuaTable table() {
        LuaTable t = new LuaTable();
        fn(t, "filter", NetpackLib::filter);
        fn(t, "pop", a -> {
            if (!(a.arg(1).touserdata() instanceof NetpackQueue q)) return LuaValue.NONE;
            NetpackQueue.Packet p = q.pop();
            if (p == null) return LuaValue.NONE;
            return LuaValue.varargsOf(LuaValue.valueOf(p.fd()), LuaString.valueOf(p.bytes()), LuaValue.valueOf(p.bytes().length));
        });
        fn(t, "pack", a -> {
            byte[] body = SocketDriverLib.bytes(a.arg(1));
            if (body.length > MAX_PACKET)
                throw new LuaError("bad argument #1 to 'pack' (a packet is at most 65535 bytes, not " + body.length + ")");
            byte[] out = new byte[body.length + 2];
            out[0] = (byte) (body.length >> 8);
            out[1] = (byte) body.length;
            System.arraycopy(body, 0, out, 2, body.length);
            return LuaValue.varargsOf(LuaString.valueOf(out), LuaValue.valueOf(out.length));
        });
        fn(t, "tostring", a -> {
            LuaString s = a.checkstring(1);
            if (a.isnil(2)) return s;
            int n = a.checkint(2);
            return n >= s.m_length ? s : s.substring(0, Math.max(0, n));
        });
        fn(t, "clear", a -> {
            if (a.arg(1).touserdata() instanceof NetpackQueue q) q.clear();
            return LuaValue.NONE;
        });
        return t;
    }

    private static Varargs filter(Varargs a) {
        LuaValue queue = a.arg(1).touserdata() instanceof NetpackQueue ? a.arg(1) : new LuaUserdata(new NetpackQueue());
        NetpackQueue q = (NetpackQueue) queue.touserdata();
        if (!(a.arg(2).touserdata() instanceof SocketMessage m))
            throw new LuaError("bad argument #2 to 'filter' (socket message expected, got " + a.arg(2).typename() + ")");
        if (m.permit() != null) m.permit().taken(m.data().length);
        return switch (m.type()) {
            case SocketMessage.DATA -> data(queue, q, m);
            case SocketMessage.CONNECT -> LuaValue.varargsOf(new LuaValue[] {queue, LuaValue.valueOf("init"),
                    LuaValue.valueOf(m.id()), text(m), LuaValue.valueOf(m.ud())});
            case SocketMessage.CLOSE -> {
                q.closed(m.id());
                yield LuaValue.varargsOf(queue, LuaValue.valueOf("close"), LuaValue.valueOf(m.id()));
            }
            case SocketMessage.ACCEPT -> LuaValue.varargsOf(new LuaValue[] {queue, LuaValue.valueOf("open"),
                    LuaValue.valueOf(m.ud()), text(m)});
            case SocketMessage.ERROR -> {
                q.closed(m.id());
                yield LuaValue.varargsOf(new LuaValue[] {queue, LuaValue.valueOf("error"), LuaValue.valueOf(m.id()), text(m)});
            }
            case SocketMessage.WARNING -> LuaValue.varargsOf(new LuaValue[] {queue, LuaValue.valueOf("warning"),
                    LuaValue.valueOf(m.id()), LuaValue.valueOf(m.ud())});
            default -> queue;
        };
    }

    private static Varargs data(LuaValue queue, NetpackQueue q, SocketMessage m) {
        int before = q.waiting();
        int n = q.push(m.id(), m.data());
        if (n == 0) return queue;
        if (n > 1 || before > 0) return LuaValue.varargsOf(queue, LuaValue.valueOf("more"));
        NetpackQueue.Packet p = q.pop();
        return LuaValue.varargsOf(new LuaValue[] {queue, LuaValue.valueOf("data"), LuaValue.valueOf(p.fd()),
                LuaString.valueOf(p.bytes()), LuaValue.valueOf(p.bytes().length)});
    }

    private static LuaValue text(SocketMessage m) {
        return m.data() == null ? LuaValue.valueOf("") : LuaString.valueOf(m.data());
    }

    private static void fn(LuaTable t, String name, SocketDriverLib.Body body) {
        SocketDriverLib.put(t, "netpack", name, body);
    }
}
