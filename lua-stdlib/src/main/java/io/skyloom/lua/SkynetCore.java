package io.skyloom.lua;

import io.skyloom.core.CallFailedException;
import io.skyloom.core.Handle;
import io.skyloom.core.kernel.Node;
import io.skyloom.core.Responder;
import io.skyloom.core.SkyloomException;
import java.util.function.Supplier;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code skynet.core}: the few primitives skynet keeps in C, here in Java, bound to one
 * service. The rules of call, ret, response and dispatch live in the kernel and in
 * {@code skynet.lua}; these functions only carry values across.
 */
final class SkynetCore {

    private SkynetCore() {}

    /**
     * The primitives that need nothing but their service, by number: one class for all of
     * them, switched on in {@link Primitive#invoke}, where a lambda each made the JVM spin
     * some fifty classes as the first service started. In install's order.
     */
    private static final String[] NAMES = {
            "endless", "memlimit", "memory", "stat", "self", "callback", "start", "exit", "abort", "log",
            "send", "redirect", "call",
            "ret", "response", "respond", "calleralive",
            "pack", "unpack", "fpack", "funpack", "tostring",
            "now", "time", "starttime", "hpc", "timeout", "fork", "wakeup",
            "newservice", "uniqueservice", "queryservice", "scriptservice", "name", "query", "kill", "address",
            "services", "uniqueservices", "term", "reachable", "harbor", "remotepack", "remoteunpack",
            "getenv", "setenv"};
    private static final int ENDLESS = 0, MEMLIMIT = 1, MEMORY = 2, STAT = 3, SELF = 4, CALLBACK = 5, START = 6,
            EXIT = 7, ABORT = 8, LOG = 9, SEND = 10, REDIRECT = 11, CALL = 12, RET = 13, RESPONSE = 14, RESPOND = 15,
            CALLERALIVE = 16, PACK = 17, UNPACK = 18, FPACK = 19, FUNPACK = 20, TOSTRING = 21, NOW = 22, TIME = 23,
            STARTTIME = 24, HPC = 25, TIMEOUT = 26, FORK = 27, WAKEUP = 28, NEWSERVICE = 29, UNIQUESERVICE = 30,
            QUERYSERVICE = 31, SCRIPTSERVICE = 32, NAME = 33, QUERY = 34, KILL = 35, ADDRESS = 36, SERVICES = 37,
            UNIQUESERVICES = 38, TERM = 39, REACHABLE = 40, HARBOR = 41, REMOTEPACK = 42, REMOTEUNPACK = 43,
            GETENV = 44, SETENV = 45;

    /** The names as Lua strings, made once for the JVM: immutable, so every service's table may hold them. */
    private static final LuaString[] KEYS = new LuaString[NAMES.length];

    static {
        for (int i = 0; i < NAMES.length; i++) KEYS[i] = LuaString.valueOf(NAMES[i]);
    }

    private static final LuaString SHARED_NAME = LuaString.valueOf("skyloom.shared"),
            STM_NAME = LuaString.valueOf("skynet.stm"), CORE_NAME = LuaString.valueOf("skynet.core");

    static void install(LuaService s) {
        LuaTable core = new LuaTable(0, 64);
        for (int i = 0; i < NAMES.length; i++) core.rawset(KEYS[i], new Primitive(i, s));
        SkynetTasks.install(core, s);
        sleepAndWait(core, s);
        LuaTable preload = (LuaTable) s.globals.rawget(Names.PACKAGE).rawget(Names.PRELOAD);
        // Made on require: most services never load these classes.
        preload.rawset(SHARED_NAME, new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue modname) {
                return io.skyloom.lua.shared.SharedLib.create();
            }
        });
        preload.rawset(STM_NAME, new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue modname) {
                return io.skyloom.lua.shared.StmLib.create();   // metatables of this state
            }
        });
        io.skyloom.lua.net.SocketDriverLib.install(preload, s.node, () -> s.handle);
        preload.rawset(CORE_NAME, new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue modname) {
                return core;
            }
        });
    }

    /** One primitive of one service. */
    private static final class Primitive extends VarArgFunction {
        private final LuaService s;

        Primitive(int op, LuaService s) {
            this.opcode = op;
            this.name = NAMES[op];
            this.s = s;
        }

        @Override
        public Varargs invoke(Varargs a) {
            return SkynetCore.invoke(opcode, s, a);
        }
    }

    private static Varargs invoke(int op, LuaService s, Varargs a) {
        return switch (op) {
            case ENDLESS -> LuaValue.valueOf(s.current.takeEndless());
            case MEMLIMIT -> { s.memlimit((long) a.checkdouble(1)); yield LuaValue.NONE; }
            case MEMORY -> LuaValue.valueOf((double) s.memoryUsed(Long.MAX_VALUE));
            case STAT -> stat(s, a.checkjstring(1));
            case SELF -> handle(s.handle);
            case CALLBACK -> { s.dispatcher = a.checkfunction(1); yield LuaValue.NONE; }
            case START -> { s.startFunction = a.checkfunction(1); yield LuaValue.NONE; }
            case EXIT -> { s.current.exit(); yield LuaValue.NONE; }
            case ABORT -> { s.host.abort(s.node); yield LuaValue.NONE; }
            case LOG -> log(s, a);
            case SEND -> send(s, a);
            case REDIRECT -> redirect(s, a);
            case CALL -> call(s, a);
            case RET -> LuaValue.valueOf(s.current.ret(LuaService.unwrapPayload(a.arg(1))));
            case RESPONSE -> response(s);
            case RESPOND -> respond(a);
            // response("TEST"): true while the answer is still owed and its caller lives, as skynet's
            case CALLERALIVE -> {
                Responder r = (Responder) a.checkuserdata(1, Responder.class);
                yield LuaValue.valueOf(!r.used() && s.node.alive(r.caller()));
            }
            case PACK -> new LuaUserdata(LuaPack.of(a, 1));
            case UNPACK -> unpack(a.arg(1));
            case FPACK -> new LuaUserdata(LuaValues.toJava(a, 1));
            case FUNPACK -> funpack(a);
            case TOSTRING -> tostring(a.arg(1));
            case NOW -> LuaValue.valueOf((double) s.node.clock().now());
            case TIME -> LuaValue.valueOf(s.node.clock().time());
            case STARTTIME -> LuaValue.valueOf((double) s.node.clock().startTime());
            case HPC -> LuaValue.valueOf((double) s.node.clock().hpc());
            case TIMEOUT -> s.timeout(ticks(a, "timeout", -1), a.checkfunction(2));
            case FORK -> s.fork(a.checkfunction(1), a.subargs(2));
            case WAKEUP -> LuaValue.valueOf(s.current.wakeup(a.checknotnil(1)));
            default -> services(op, s, a);
        };
    }

    private static Varargs log(LuaService s, Varargs a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= a.narg(); i++) {
            if (i > 1) sb.append(' ');
            sb.append(a.arg(i).tojstring());
        }
        s.host.log(s, sb.toString());
        return LuaValue.NONE;
    }

    /** skynet.stat(what): what the kernel counts for this service. */
    private static LuaValue stat(LuaService s, String what) {
        return switch (what) {
            case "endless" -> LuaValue.valueOf(s.current.takeEndless() ? 1 : 0);   // a number, as skynet's
            case "message" -> LuaValue.valueOf(s.current.messages());
            case "task" -> LuaValue.valueOf(s.tasks.count());   // what skynet.task() counts
            case "mqlen" -> LuaValue.valueOf(s.current.mqlen());
            // skynet's answer with profile off: measuring it would cost clock reads at every hand-off
            case "cpu", "time" -> LuaValue.valueOf(0);
            default -> throw new LuaError("bad argument #1 to 'stat' (unknown stat '" + what
                    + "': Skyloom counts endless, message, task, mqlen, cpu and time)");
        };
    }

    private static Varargs send(LuaService s, Varargs a) {
        int dest = address(s, a.arg(1), false);
        if (dest == 0) return LuaValue.FALSE;
        int type = a.checkint(2);
        Object payload = LuaService.unwrapPayload(a.arg(3));
        return LuaValue.valueOf(refused(() -> s.current.send(dest, type, payload)));
    }

    private static Varargs redirect(LuaService s, Varargs a) {
        int dest = address(s, a.arg(1), false);
        if (dest == 0) return LuaValue.FALSE;
        int source = address(s, a.arg(2), true);
        int type = a.checkint(3);
        int session = a.optint(4, 0);
        Object payload = LuaService.unwrapPayload(a.arg(5));
        return LuaValue.valueOf(refused(() -> s.current.redirect(dest, source, type, session, payload)));
    }

    private static Varargs call(LuaService s, Varargs a) {
        int dest = address(s, a.arg(1), true);
        int type = a.checkint(2);
        Object payload = LuaService.unwrapPayload(a.arg(3));
        Object reply;
        Tasks.Parked parked = s.parkTask(true);
        try {
            reply = parked.context.call(dest, type, payload);
        } catch (CallFailedException e) {
            throw new LuaError(callFailed(dest, e));
        } catch (SkyloomException | IllegalArgumentException e) {
            throw new LuaError(e.getMessage());   // IllegalArgument: a type the kernel keeps for itself
        } finally {
            s.resumeTask(parked);
        }
        return LuaService.wrapPayload(reply);
    }

    /**
     * What a failed call raises in Lua: the callee's message, then the callee's own
     * traceback under a header that says whose it is (skynet raises only "call failed"
     * and leaves the callee's error in its log).
     */
    static String callFailed(int dest, CallFailedException e) {
        String msg = "call to " + Handle.format(dest) + " failed: " + e.remoteMessage();
        String tb = e.remoteTraceback();
        if (tb.isEmpty()) return msg;
        return msg + "\n" + Handle.format(dest) + " " + (tb.startsWith("stack traceback:") ? tb : "stack traceback:\n" + tb);
    }

    /** The kernel refuses what no service may send (its own types): a Lua error, not a Java one. */
    private static <T> T refused(Supplier<T> op) {
        try {
            return op.get();
        } catch (IllegalArgumentException e) {
            throw new LuaError(e.getMessage());
        }
    }

    private static Varargs response(LuaService s) {
        try {
            return new LuaUserdata(s.current.response());
        } catch (IllegalStateException none) {
            throw new LuaError(none.getMessage());
        }
    }

    private static Varargs respond(Varargs a) {
        Responder r = (Responder) a.checkuserdata(1, Responder.class);
        boolean ok = a.arg(2).toboolean();
        try {
            if (ok) return LuaValue.valueOf(r.ok(LuaService.unwrapPayload(a.arg(3))));
            LuaValue why = a.arg(3);
            return LuaValue.valueOf(r.fail(why.isnil() ? "response error" : why.tojstring()));
        } catch (IllegalStateException twice) {
            throw new LuaError(twice.getMessage());
        }
    }

    private static Varargs funpack(Varargs a) {
        Object o = a.arg(1).isuserdata() ? a.arg(1).touserdata() : null;
        if (o instanceof Object[] values) return LuaValue.varargsOf(LuaValues.toLua(values));
        return unpack(a.arg(1));
    }

    private static LuaValue tostring(LuaValue v) {
        if (v.isstring()) return v;
        Object o = v.touserdata();
        return LuaValue.valueOf(o instanceof Object[] values ? "foreign message (" + values.length + " values)" : String.valueOf(o));
    }

    /**
     * The primitives that park the task, as lambdas of their own: the sleep and wait paths.
     * Their parks are droppable: under them are Lua frames and the host's own, which hold
     * nothing a service's exit must release (Lua has no finally; skynet lets such a
     * coroutine go with its Lua state), so an exiting service need not resume each one to unwind.
     */
    private static void sleepAndWait(LuaTable t, LuaService s) {
        Prim.put(t, "sleep", a -> {
            long ticks = ticks(a, "sleep", 0);
            // The task's own Lua thread by default, so wakeup(co) ends the sleep early.
            LuaValue token = a.arg(2).isnil() ? s.globals.running : a.arg(2);
            boolean woken;
            Tasks.Parked parked = s.parkTask(true);
            try {
                woken = parked.context.sleepDroppable(ticks, token);
            } finally {
                s.resumeTask(parked);
            }
            return woken ? LuaValue.valueOf("BREAK") : LuaValue.NONE;
        });
        Prim.put(t, "wait", a -> {
            LuaValue token = a.arg(1).isnil() ? s.globals.running : a.arg(1);
            Tasks.Parked parked = s.parkTask(true);
            try {
                parked.context.awaitDroppable(token);
            } finally {
                s.resumeTask(parked);
            }
            return LuaValue.NONE;
        });
    }

    /**
     * A duration in ticks: whole or not (the fraction is dropped, as skynet's integer
     * conversion drops it in Lua 5.2), negative meaning now, huge saturating in the timer
     * wheel (never firing early); NaN is an error.
     */
    private static long ticks(Varargs a, String fn, double dflt) {
        double d = dflt >= 0 ? a.optdouble(1, dflt) : a.checkdouble(1);
        if (Double.isNaN(d)) throw new LuaError("bad argument #1 to '" + fn + "' (number has no integer representation)");
        return d >= 0x1p62 ? Long.MAX_VALUE : Math.max(0, (long) d);
    }

    /**
     * A new service's arguments, from the second on: trailing nils dropped, as skynet's
     * {@code {...}} drops them before it joins the arguments; a nil between two values is
     * an error naming it (skynet's concat fails there too).
     */
    private static Object[] serviceArgs(Varargs a, String fn) {
        int n = a.narg();
        while (n >= 2 && a.arg(n).isnil()) n--;
        for (int i = 2; i <= n; i++)
            if (a.arg(i).isnil())
                throw new LuaError("bad argument #" + i + " to '" + fn + "' (a service's arguments cannot hold nil)");
        return n < 2 ? new Object[0] : LuaValues.toJava(trim(a, n), 2);
    }

    private static Varargs trim(Varargs a, int n) {
        LuaValue[] v = new LuaValue[n];
        for (int i = 1; i <= n; i++) v[i - 1] = a.arg(i);
        return LuaValue.varargsOf(v);
    }

    /** The primitives about other services, and the node's environment. */
    private static Varargs services(int op, LuaService s, Varargs a) {
        Node node = s.node;
        return switch (op) {
            case NEWSERVICE -> {
                String name = a.checkjstring(1);
                Object[] args = serviceArgs(a, "newservice");
                yield handle(s.block(() -> launch(() -> node.newservice(name, args))));
            }
            case UNIQUESERVICE -> {
                String name = a.checkjstring(1);
                Object[] args = serviceArgs(a, "uniqueservice");
                yield handle(s.block(() -> launch(() -> node.uniqueservice(name, args))));
            }
            case QUERYSERVICE -> {
                String name = a.checkjstring(1);
                yield handle(s.block(() -> launch(() -> node.queryservice(name))));
            }
            case SCRIPTSERVICE -> {
                String source = a.checkjstring(1);
                Object[] args = LuaValues.toJava(a, 2);
                yield handle(s.block(() -> launch(() -> node.scriptservice(source, args))));
            }
            case NAME -> {
                try {
                    node.name(a.checkjstring(1), address(s, a.arg(2), true));
                } catch (RuntimeException e) {
                    throw new LuaError(e.getMessage());
                }
                yield LuaValue.NONE;
            }
            case QUERY -> {
                int h = node.query(a.checkjstring(1));
                yield h == 0 ? LuaValue.NIL : handle(h);
            }
            case KILL -> {
                int h = address(s, a.arg(1), false);
                if (h == s.handle) s.current.exit();
                if (h != 0) node.kill(h);
                yield LuaValue.NONE;
            }
            case ADDRESS -> LuaValue.valueOf(Handle.format(address(s, a.arg(1), true)));
            // The debug protocol's view: every live service of the node.
            case SERVICES -> {
                LuaTable list = new LuaTable();
                node.services().forEach((h, what) -> list.set(Handle.format(h), what));
                yield list;
            }
            case UNIQUESERVICES -> {
                LuaTable list = new LuaTable();
                node.uniqueServices().forEach((script, h) -> list.set(script, Handle.format(h)));
                yield list;
            }
            case TERM -> LuaValue.valueOf(s.current.term(address(s, a.arg(1), true)));
            case REACHABLE -> LuaValue.valueOf(node.reachable(a.checkint(1)));
            case HARBOR -> {
                int h = address(s, a.arg(1), true);
                int id = Handle.nodeId(h);
                yield LuaValue.varargsOf(LuaValue.valueOf(id), LuaValue.valueOf(id != Handle.nodeId(s.handle)));
            }
            case REMOTEPACK -> {
                try {
                    yield LuaValue.valueOf(io.skyloom.foreign.harbor.RemotePack.pack(LuaValues.toJava(a, 1)));
                } catch (IllegalArgumentException e) {
                    throw new LuaError(e.getMessage());
                }
            }
            case REMOTEUNPACK -> remoteunpack(a);
            case GETENV -> LuaValues.toLua(node.getenv(a.checkjstring(1)));
            case SETENV -> {
                try {
                    node.setenv(a.checkjstring(1), LuaValues.toJava(a.arg(2)));
                } catch (RuntimeException e) {
                    throw new LuaError(e.getMessage());
                }
                yield LuaValue.NONE;
            }
            default -> throw new IllegalStateException("no primitive " + op);
        };
    }

    private static Varargs remoteunpack(Varargs a) {
        org.luaj.vm2.LuaString bytes = a.checkstring(1);
        byte[] b = new byte[bytes.m_length];
        System.arraycopy(bytes.m_bytes, bytes.m_offset, b, 0, b.length);
        try {
            return LuaValue.varargsOf(LuaValues.toLua(io.skyloom.foreign.harbor.RemotePack.unpack(b)));
        } catch (IllegalArgumentException e) {
            throw new LuaError("remoteunpack: " + e.getMessage());
        }
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
        if (o instanceof LuaPack p) return p.unpack();
        if (o instanceof Object[] values) return LuaValue.varargsOf(LuaValues.toLua(values));
        throw new LuaError("cannot unpack a " + (o == null ? msg.typename() : "userdata that is not a message"));
    }

    /**
     * A handle from a number or a name; 0 for an unknown name unless {@code strict}.
     * A number must be a whole 32-bit unsigned value, as skynet's handles are.
     */
    static int address(LuaService s, LuaValue a, boolean strict) {
        if (a.isnumber()) {
            double d = a.todouble();
            if (d != Math.rint(d) || d < 0 || d > 0xFFFFFFFFL)
                throw new LuaError("invalid service address " + a.tojstring() + ": a handle is a whole number from 0 to 2^32-1");
            return (int) (long) d;
        }
        if (!a.isstring()) throw new LuaError("a service address is a handle or a name, not a " + a.typename());
        String name = a.tojstring();
        int h = name.startsWith(":") ? (int) Math.max(0, Handle.parse(name)) : s.node.query(name);
        if (h == 0 && strict) throw new LuaError("unknown service " + name);
        return h;
    }

    /** Handles are unsigned 32-bit, as in skynet: node ids of 128 and up stay positive. */
    static LuaValue handle(int h) {
        return h >= 0 ? LuaValue.valueOf(h) : LuaValue.valueOf((double) (h & 0xFFFFFFFFL));
    }
}
