package io.skyloom.lua;

import io.skyloom.core.CallFailedException;
import io.skyloom.core.Context;
import io.skyloom.core.Handle;
import io.skyloom.core.Node;
import io.skyloom.core.Responder;
import io.skyloom.core.ServiceDeadException;
import io.skyloom.core.SkyloomException;
import io.skyloom.scheduler.NodeClock;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;

/**
 * {@code skynet.core}: the few primitives skynet keeps in C, here in Java, bound to one
 * service. The rules of call, ret, response and dispatch live in the kernel and in
 * {@code skynet.lua}; these functions only carry values across.
 */
final class SkynetCore {

    private SkynetCore() {}

    static void install(LuaService s) {
        LuaTable core = build(s);
        LuaTable preload = (LuaTable) s.globals.get("package").get("preload");
        preload.set("skynet.core", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue modname) {
                return core;
            }
        });
    }

    private static LuaTable build(LuaService s) {
        LuaTable t = new LuaTable();
        Node node = s.node;
        NodeClock clock = node.clock();

        Prim.put(t, "self", a -> handle(s.handle));
        Prim.put(t, "callback", a -> { s.dispatcher = a.checkfunction(1); return LuaValue.NONE; });
        Prim.put(t, "start", a -> { s.startFunction = a.checkfunction(1); return LuaValue.NONE; });

        // ---- messages ----
        Prim.put(t, "send", a -> {
            int dest = address(s, a.arg(1), false);
            if (dest == 0) return LuaValue.FALSE;
            return LuaValue.valueOf(s.current.send(dest, a.checkint(2), LuaService.unwrapPayload(a.arg(3))));
        });
        Prim.put(t, "call", a -> {
            int dest = address(s, a.arg(1), true);
            int type = a.checkint(2);
            Object payload = LuaService.unwrapPayload(a.arg(3));
            try {
                Object reply = s.block(() -> s.current.call(dest, type, payload));
                return LuaService.wrapPayload(reply);
            } catch (ServiceDeadException e) {
                throw new LuaError(e.getMessage());
            } catch (CallFailedException e) {
                throw new LuaError("call to " + Handle.format(dest) + " failed: " + e.remoteMessage());
            }
        });
        Prim.put(t, "ret", a -> LuaValue.valueOf(s.current.ret(LuaService.unwrapPayload(a.arg(1)))));
        Prim.put(t, "response", a -> new LuaUserdata(s.current.response()));
        Prim.put(t, "respond", a -> {
            Responder r = (Responder) a.checkuserdata(1, Responder.class);
            boolean ok = a.arg(2).toboolean();
            try {
                return LuaValue.valueOf(ok ? r.ok(LuaService.unwrapPayload(a.arg(3))) : r.fail(a.optjstring(3, "error")));
            } catch (IllegalStateException twice) {
                throw new LuaError(twice.getMessage());
            }
        });
        Prim.put(t, "calleralive", a ->
                LuaValue.valueOf(node.alive(((Responder) a.checkuserdata(1, Responder.class)).caller())));
        Prim.put(t, "pack", a -> new LuaUserdata(new LuaPack(LuaValues.copy(a, 1))));
        Prim.put(t, "unpack", a -> unpack(a.arg(1)));
        Prim.put(t, "fpack", a -> new LuaUserdata(LuaValues.toJava(a, 1)));
        Prim.put(t, "funpack", a -> {
            Object o = a.arg(1).isuserdata() ? a.arg(1).touserdata() : null;
            if (o instanceof Object[] values) return LuaValue.varargsOf(LuaValues.toLua(values));
            return unpack(a.arg(1));
        });
        Prim.put(t, "tostring", a -> {
            LuaValue v = a.arg(1);
            if (v.isstring()) return v;
            Object o = v.touserdata();
            return LuaValue.valueOf(String.valueOf(o));
        });

        // ---- time and tasks ----
        Prim.put(t, "now", a -> LuaValue.valueOf((double) clock.now()));
        Prim.put(t, "time", a -> LuaValue.valueOf(clock.time()));
        Prim.put(t, "starttime", a -> LuaValue.valueOf((double) clock.startTime()));
        Prim.put(t, "hpc", a -> LuaValue.valueOf((double) clock.hpc()));
        Prim.put(t, "sleep", a -> {
            long ticks = (long) a.optdouble(1, 0);
            // The task's own Lua thread by default, so wakeup(co) ends the sleep early.
            LuaValue token = a.arg(2).isnil() ? s.globals.running : a.arg(2);
            boolean woken = s.block(() -> s.current.sleep(ticks, token));
            return woken ? LuaValue.valueOf("BREAK") : LuaValue.NONE;
        });
        Prim.put(t, "timeout", a -> s.timeout((long) a.checkdouble(1), a.checkfunction(2)));
        Prim.put(t, "fork", a -> s.fork(a.checkfunction(1), a.subargs(2)));
        Prim.put(t, "wait", a -> {
            LuaValue token = a.arg(1).isnil() ? s.globals.running : a.arg(1);
            s.block(() -> { s.current.await(token); return null; });
            return LuaValue.NONE;
        });
        Prim.put(t, "wakeup", a -> LuaValue.valueOf(s.current.wakeup(a.checknotnil(1))));

        // ---- services ----
        Prim.put(t, "newservice", a -> {
            String name = a.checkjstring(1);
            Object[] args = LuaValues.toJava(a, 2);
            return handle(s.block(() -> launch(() -> node.newservice(name, args))));
        });
        Prim.put(t, "uniqueservice", a -> {
            String name = a.checkjstring(1);
            Object[] args = LuaValues.toJava(a, 2);
            return handle(s.block(() -> launch(() -> node.uniqueservice(name, args))));
        });
        Prim.put(t, "queryservice", a -> {
            String name = a.checkjstring(1);
            return handle(s.block(() -> launch(() -> node.queryservice(name))));
        });
        Prim.put(t, "scriptservice", a -> {
            String source = a.checkjstring(1);
            Object[] args = LuaValues.toJava(a, 2);
            return handle(s.block(() -> launch(() -> node.scriptservice(source, args))));
        });
        Prim.put(t, "name", a -> {
            try {
                node.name(a.checkjstring(1), address(s, a.arg(2), true));
            } catch (RuntimeException e) {
                throw new LuaError(e.getMessage());
            }
            return LuaValue.NONE;
        });
        Prim.put(t, "query", a -> {
            int h = node.query(a.checkjstring(1));
            return h == 0 ? LuaValue.NIL : handle(h);
        });
        Prim.put(t, "kill", a -> {
            int h = address(s, a.arg(1), false);
            if (h == s.handle) s.current.exit();
            if (h != 0) node.kill(h);
            return LuaValue.NONE;
        });
        Prim.put(t, "exit", a -> {
            s.current.exit();
            return LuaValue.NONE;
        });
        Prim.put(t, "abort", a -> {
            s.host.abort(node);
            return LuaValue.NONE;
        });
        Prim.put(t, "address", a -> LuaValue.valueOf(Handle.format(address(s, a.arg(1), true))));
        Prim.put(t, "log", a -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i <= a.narg(); i++) {
                if (i > 1) sb.append(' ');
                sb.append(a.arg(i).tojstring());
            }
            s.host.log(s, sb.toString());
            return LuaValue.NONE;
        });

        // ---- env ----
        Prim.put(t, "getenv", a -> LuaValues.toLua(node.getenv(a.checkjstring(1))));
        Prim.put(t, "setenv", a -> {
            try {
                node.setenv(a.checkjstring(1), LuaValues.toJava(a.arg(2)));
            } catch (RuntimeException e) {
                throw new LuaError(e.getMessage());
            }
            return LuaValue.NONE;
        });
        return t;
    }

    private static int launch(java.util.function.IntSupplier start) {
        try {
            return start.getAsInt();
        } catch (CallFailedException e) {
            throw new LuaError(e.remoteMessage());
        } catch (SkyloomException e) {
            throw new LuaError(e.getMessage());
        }
    }

    private static Varargs unpack(LuaValue msg) {
        if (msg.isnil()) return LuaValue.NONE;
        if (msg.isstring() || msg.isnumber() || msg.isboolean()) return msg;
        Object o = msg.touserdata();
        if (o instanceof LuaPack p) return LuaValue.varargsOf(p.values());
        if (o instanceof Object[] values) return LuaValue.varargsOf(LuaValues.toLua(values));
        throw new LuaError("cannot unpack a " + (o == null ? msg.typename() : o.getClass().getSimpleName()));
    }

    /** A handle from a number or a name; 0 for an unknown name unless {@code strict}. */
    static int address(LuaService s, LuaValue a, boolean strict) {
        if (a.isnumber()) return (int) (long) a.todouble();
        String name = a.checkjstring();
        int h = name.startsWith(".") ? s.node.query(name) : (int) Math.max(0, Handle.parse(name));
        if (h == 0 && strict) throw new LuaError("unknown service " + name);
        return h;
    }

    /** Handles are unsigned 32-bit, as in skynet: node ids of 128 and up stay positive. */
    static LuaValue handle(int h) {
        return h >= 0 ? LuaValue.valueOf(h) : LuaValue.valueOf((double) (h & 0xFFFFFFFFL));
    }
}
