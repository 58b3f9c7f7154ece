package io.skyloom.lua.net;

import io.skyloom.core.kernel.Node;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code skynet.socketdriver} for one Lua service: lua-socket.c's functions over the
 * node's {@link SocketDriver}, every one acting as the calling service, so a service
 * reaches only its own sockets. The buffer functions work on {@link SocketBuffer}s that
 * socket.lua keeps per connection.
 */
public final class SocketDriverLib {

    @FunctionalInterface
    interface Body {
        Varargs call(Varargs a) throws IOException;
    }

    private final Node node;
    private final IntSupplier self;

    private SocketDriverLib(Node node, IntSupplier self) {
        this.node = node;
        this.self = self;
    }

    /** Puts {@code skynet.socketdriver} into {@code preload}; {@code self} is the service's handle. */
    private static final LuaString NETPACK_NAME = LuaString.valueOf("skynet.netpack"),
            SOCKETDRIVER_NAME = LuaString.valueOf("skynet.socketdriver");

    public static void install(LuaTable preload, Node node, IntSupplier self) {
        preload.rawset(NETPACK_NAME, new VarArgFunction() {
            private LuaTable lib;

            @Override
            public Varargs invoke(Varargs args) {
                if (lib == null) lib = NetpackLib.table();
                return lib;
            }
        });
        preload.rawset(SOCKETDRIVER_NAME, new VarArgFunction() {
            private LuaTable lib;

            @Override
            public Varargs invoke(Varargs args) {
                if (lib == null) lib = new SocketDriverLib(node, self).table();
                return lib;
            }
        });
    }

    private LuaTable table() {
        LuaTable t = new LuaTable();
        connections(t);
        writes(t);
        udp(t);
        buffers(t);
        return t;
    }

    private SocketDriver driver;   // the service's tasks only: one at a time

    /** The node's driver, kept once found: after the node closed, closing a socket is then a no-op, not an error. */
    private SocketDriver driver() {
        if (driver == null) driver = SocketDriver.of(node);
        return driver;
    }

    private int me() {
        return self.getAsInt();
    }

    private static void put(LuaTable t, String name, Body body) {
        put(t, "socket", name, body);
    }

    /** Puts {@code module.name} in t: its refusals and I/O errors become Lua errors naming it. */
    static void put(LuaTable t, String module, String name, Body body) {
        t.set(name, new Fn(module + "." + name, body));
    }

    private static final class Fn extends VarArgFunction {
        private final Body body;
        private final String qualified;

        Fn(String qualified, Body body) {
            this.name = qualified.substring(qualified.indexOf('.') + 1);
            this.qualified = qualified;
            this.body = body;
        }

        @Override
        public Varargs invoke(Varargs a) {
            try {
                return body.call(a);
            } catch (SocketRefused e) {
                throw new LuaError(qualified + ": " + e.getMessage());
            } catch (IOException e) {
                throw new LuaError(qualified + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
    }

    private void connections(LuaTable t) {
        put(t, "listen", a -> {
            HostPort hp = HostPort.of(a, 1);
            return LuaValue.valueOf(driver().listen(me(), hp.host, hp.port, a.optint(3, 32)));
        });
        put(t, "connect", a -> {
            HostPort hp = HostPort.of(a, 1);
            if (hp.host == null || hp.host.isEmpty()) throw new SocketRefused("a host is needed");
            return LuaValue.valueOf(driver().connect(me(), hp.host, hp.port));
        });
        put(t, "start", a -> {
            int id = a.checkint(1);
            Sock s = driver().get(id);
            if (s != null) s.start(me());
            else driver().post(me(), SocketMessage.of(SocketMessage.ERROR, id, 0, "socket " + id + " is not open"));
            return LuaValue.NONE;
        });
        put(t, "pause", a -> {
            if (driver().use(me(), a.checkint(1)) instanceof StreamConn c) c.pause();
            return LuaValue.NONE;
        });
        put(t, "close", a -> {
            Sock s = driver().use(me(), a.checkint(1));
            if (s != null) {
                s.reclaim();
                s.close();
            }
            return LuaValue.NONE;
        });
        put(t, "shutdown", a -> {
            Sock s = driver().use(me(), a.checkint(1));
            if (s != null) {
                s.reclaim();
                s.shutdown();
            }
            return LuaValue.NONE;
        });
        put(t, "nodelay", a -> {
            if (driver().use(me(), a.checkint(1)) instanceof StreamConn c) c.nodelay();
            return LuaValue.NONE;
        });
        // Skyloom's: abandon(id [, service]) lets service (or anyone) start it next; grant(id, service) lets it write.
        put(t, "abandon", a -> {
            Sock s = driver().use(me(), a.checkint(1));
            if (s != null) {
                int to = a.isnil(2) ? Sock.ANYONE : a.checkint(2);
                s.abandon(to);
                if (to != Sock.ANYONE) driver().watch(to);   // it closes if to exits without starting it
                if (s instanceof StreamConn c) c.pause();   // no more reading until the next owner starts it
            }
            return LuaValue.NONE;
        });
        put(t, "grant", a -> {
            Sock s = driver().use(me(), a.checkint(1));
            if (s != null) s.writer = a.optint(2, 0);
            return LuaValue.NONE;
        });
        put(t, "info", a -> netstat(driver().info()));
        put(t, "resolve", a -> {
            driver().resolve(me(), a.checkjstring(1), a.checkint(2));
            return LuaValue.NONE;
        });
    }

    private void writes(LuaTable t) {
        Body send = a -> {
            byte[] data = bytes(a.arg(2));
            Sock s = driver().get(a.checkint(1));
            if (s == null) return LuaValue.FALSE;
            s.checkWrite(me());
            if (s instanceof StreamConn c) return LuaValue.valueOf(c.write(data));
            if (s instanceof UdpSock u) return LuaValue.valueOf(u.send(null, data));
            throw new SocketRefused("socket " + s.id + " is a " + s.kind() + " socket: nothing can be written to it");
        };
        put(t, "send", send);
        put(t, "lsend", send);
        put(t, "header", a -> {
            LuaString s = a.checkstring(1);
            if (s.m_length < 1 || s.m_length > 4) throw new SocketRefused("Invalid read " + s.tojstring());
            long n = 0;
            for (int i = 0; i < s.m_length; i++) n = (n << 8) | (s.m_bytes[s.m_offset + i] & 0xff);
            return LuaValue.valueOf((double) n);
        });
    }

    private void udp(LuaTable t) {
        put(t, "udp", a -> LuaValue.valueOf(driver().udp(me(), a.optjstring(1, null), a.optint(2, 0))));
        put(t, "udp_listen", a -> {
            HostPort hp = HostPort.of(a, 1);
            return LuaValue.valueOf(driver().udp(me(), hp.host, hp.port));
        });
        put(t, "udp_dial", a -> {
            HostPort hp = HostPort.of(a, 1);
            int id = driver().udp(me(), null, 0);
            ((UdpSock) driver().use(me(), id)).connect(new InetSocketAddress(hp.host, hp.port));
            return LuaValue.valueOf(id);
        });
        put(t, "udp_connect", a -> {
            Sock s = driver().use(me(), a.checkint(1));
            HostPort hp = HostPort.of(a, 2);
            if (!(s instanceof UdpSock u)) throw new SocketRefused("socket " + a.checkint(1) + " is not a udp socket");
            u.connect(new InetSocketAddress(hp.host, hp.port));
            return LuaValue.NONE;
        });
        put(t, "udp_send", a -> {
            Sock s = driver().get(a.checkint(1));
            if (s == null) return LuaValue.FALSE;
            s.checkWrite(me());
            if (!(s instanceof UdpSock u)) throw new SocketRefused("socket " + s.id + " is not a udp socket");
            return LuaValue.valueOf(u.send(SocketDriver.parse(a.checkjstring(2)), bytes(a.arg(3))));
        });
        put(t, "udp_address", a -> {
            InetSocketAddress at = SocketDriver.parse(a.checkjstring(1));
            return LuaValue.varargsOf(LuaValue.valueOf(at.getHostString()), LuaValue.valueOf(at.getPort()));
        });
    }

    private void buffers(LuaTable t) {
        put(t, "unpack", a -> {
            if (!(a.arg(1).touserdata() instanceof SocketMessage m))
                throw new SocketRefused("not a socket message: " + a.arg(1).typename());
            if (m.permit() != null) m.permit().taken(m.data().length);
            LuaValue data = m.data() == null ? LuaValue.NIL : LuaString.valueOf(m.data());
            LuaValue from = m.from() == null ? LuaValue.NIL : LuaValue.valueOf(m.from());
            return LuaValue.varargsOf(new LuaValue[] {LuaValue.valueOf(m.type()), LuaValue.valueOf(m.id()),
                    LuaValue.valueOf(m.ud()), data, from});
        });
        put(t, "buffer", a -> new LuaUserdata(new SocketBuffer()));
        put(t, "push", a -> LuaValue.valueOf(buffer(a).push(a.checkstring(2))));
        put(t, "pop", a -> {
            int n = a.checkint(2);
            if (n < 0) throw new SocketRefused("bad size " + n);
            LuaString s = buffer(a).pop(n);
            return s == null ? LuaValue.NIL : s;
        });
        put(t, "readline", a -> {
            SocketBuffer b = buffer(a);
            LuaString sep = a.checkstring(2);
            if (a.toboolean(3)) return LuaValue.valueOf(b.hasLine(sep));
            LuaString s = b.readline(sep);
            return s == null ? LuaValue.NIL : s;
        });
        put(t, "readall", a -> buffer(a).readall());
        put(t, "bufsize", a -> LuaValue.valueOf(buffer(a).size()));
        put(t, "clear", a -> {
            buffer(a).clear();
            return LuaValue.NONE;
        });
    }

    private static SocketBuffer buffer(Varargs a) {
        if (a.arg(1).touserdata() instanceof SocketBuffer b) return b;
        throw new SocketRefused("not a socket buffer: " + a.arg(1).typename());
    }

    /** A string, or a table of strings sent as one (lua-socket.c takes both). */
    static byte[] bytes(LuaValue v) {
        if (v.isstring()) {
            LuaString s = v.checkstring();
            byte[] out = new byte[s.m_length];
            System.arraycopy(s.m_bytes, s.m_offset, out, 0, out.length);
            return out;
        }
        if (v.istable()) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int n = v.length();
            for (int i = 1; i <= n; i++) {
                LuaValue e = v.get(i);
                if (!e.isstring()) throw new SocketRefused("invalid string at index " + i + " (a " + e.typename() + ")");
                LuaString s = e.checkstring();
                out.write(s.m_bytes, s.m_offset, s.m_length);
            }
            return out.toByteArray();
        }
        throw new SocketRefused("invalid data: a string or a table of strings, not a " + v.typename());
    }

    private static LuaTable netstat(List<Map<String, Object>> rows) {
        LuaTable t = new LuaTable();
        int i = 1;
        for (Map<String, Object> row : rows) {
            LuaTable r = new LuaTable();
            row.forEach((k, v) -> r.set(k, switch (v) {
                case Integer n -> LuaValue.valueOf(n);
                case Long n -> LuaValue.valueOf((double) n);
                case Boolean b -> LuaValue.valueOf(b);
                default -> LuaValue.valueOf(String.valueOf(v));
            }));
            t.set(i++, r);
        }
        return t;
    }

    /** host, port as lua-socket.c reads them: (host, port), or one "host:port" / "[v6]:port". */
    private record HostPort(String host, int port) {
        static HostPort of(Varargs a, int i) {
            String host = a.isnil(i) ? null : a.checkjstring(i);
            if (a.isnil(i + 1) && host != null && host.indexOf(':') >= 0) {
                InetSocketAddress at = SocketDriver.parse(host);
                return new HostPort(at.getHostString(), at.getPort());
            }
            int port = a.optint(i + 1, 0);
            SocketDriver.checkPort(port);
            return new HostPort(host, port);
        }
    }
}
