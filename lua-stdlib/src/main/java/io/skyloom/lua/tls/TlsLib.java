package io.skyloom.lua.tls;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code require "skyloom.tls"}: the JDK's TLS for the Lua module {@code ltls.c}, which
 * reads the PEM files through the sandbox's io and hands their text here. Contexts and
 * sessions are userdata of the requiring service alone.
 */
public final class TlsLib extends TwoArgFunction {

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable m = new LuaTable();
        LuaTable ctxMeta = meta(new LuaTable(), "tls context");
        fn(m, "set_cert_pem", a -> {
            ctx(a).setCert(a.checkjstring(2), a.checkjstring(3));
            return NONE;
        });
        fn(m, "set_ca_pem", a -> {
            ctx(a).setTrusted(a.checkjstring(2));
            return NONE;
        });

        LuaTable tlsMethods = new LuaTable();
        fn(tlsMethods, "handshake", a -> bytesOrNone(tls(a).handshake(bytes(a, 2))));
        fn(tlsMethods, "finished", a -> valueOf(tls(a).finished()));
        fn(tlsMethods, "read", a -> bytes(tls(a).read(bytes(a, 2))));
        fn(tlsMethods, "write", a -> bytes(tls(a).write(bytes(a, 2))));
        fn(tlsMethods, "close", a -> {
            tls(a).close();
            return NONE;
        });
        LuaTable tlsMeta = meta(tlsMethods, "tls session");

        fn(m, "newctx", a -> new LuaUserdata(new TlsContext(), ctxMeta));
        fn(m, "newtls", a -> {
            String method = a.checkjstring(1);
            if (!method.equals("client") && !method.equals("server"))
                throw new LuaError("invalid method:" + method + " e.g[server, client]");
            LuaValue c = a.arg(2);
            if (!(c.touserdata() instanceof TlsContext ctx)) throw new LuaError("need sslctx");
            String host = a.isnil(3) ? null : a.checkjstring(3);
            return new LuaUserdata(new TlsSession(ctx.engine(method.equals("client"), host)), tlsMeta);
        });
        return m;
    }

    private interface Body {
        Varargs apply(Varargs a);
    }

    private static void fn(LuaTable t, String name, Body body) {
        t.rawset(name, new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs a) {
                return body.apply(a);
            }
        });
    }

    private static LuaTable meta(LuaTable methods, String name) {
        LuaTable meta = new LuaTable();
        meta.rawset("__index", methods);
        meta.rawset("__name", name);
        return meta;
    }

    private static TlsContext ctx(Varargs a) {
        if (a.arg1().touserdata() instanceof TlsContext c) return c;
        throw new LuaError("need sslctx");
    }

    private static TlsSession tls(Varargs a) {
        if (a.arg1().touserdata() instanceof TlsSession s) return s;
        throw new LuaError("need tls context");
    }

    private static byte[] bytes(Varargs a, int i) {
        LuaValue v = a.arg(i);
        if (v.isnil()) return new byte[0];
        LuaString s = v.checkstring();
        byte[] b = new byte[s.rawlen()];
        s.copyInto(0, b, 0, b.length);
        return b;
    }

    private static LuaValue bytes(byte[] b) {
        return LuaString.valueUsing(b);
    }

    private static Varargs bytesOrNone(byte[] b) {
        return b.length == 0 ? NONE : LuaString.valueUsing(b);
    }
}
