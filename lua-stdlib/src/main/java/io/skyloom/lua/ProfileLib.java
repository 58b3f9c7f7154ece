package io.skyloom.lua;

import java.util.WeakHashMap;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code skynet.profile}: start, stop, resume and wrap, as skynet's C module. The time of
 * a Lua thread (a task or a coroutine) is counted only while it runs: skynet counts the
 * thread's CPU time between resume and yield; the JVM gives no CPU time of a virtual
 * thread (ThreadMXBean answers -1), so this counts {@link System#nanoTime} while the
 * thread runs, and stops the clock where skynet's coroutine would yield: in every call,
 * sleep and wait of the service ({@link LuaService#block}) and in a coroutine's yield back
 * to a {@code resume} of this module. Loading it makes {@code coroutine.resume} and
 * {@code coroutine.wrap} of the service the timing ones, as skynet's snlua does for every
 * service. Owned by the service's baton holder.
 */
final class ProfileLib {

    /** A profiled thread: when it began running (0 while it does not run) and its total so far. */
    private static final class Timing {
        long since;
        long total;
    }

    private final WeakHashMap<LuaThread, Timing> timings = new WeakHashMap<>();

    private ProfileLib() {}

    /** Called before the service's code runs, so the coroutine functions taken are the library's own. */
    private static final LuaString PROFILE_NAME = LuaString.valueOf("skynet.profile"),
            CREATE = LuaString.valueOf("create"), RESUME = LuaString.valueOf("resume");

    static void install(LuaService s) {
        LuaTable preload = (LuaTable) s.globals.rawget(Names.PACKAGE).rawget(Names.PRELOAD);
        LuaTable co = (LuaTable) s.globals.rawget(Names.COROUTINE);
        LuaValue create = co.rawget(CREATE), rawResume = co.rawget(RESUME);
        preload.rawset(PROFILE_NAME, new Prim.Fn("skynet.profile", a -> {
            ProfileLib p = s.profile != null ? s.profile : new ProfileLib();
            s.profile = p;
            return p.module(s, create, rawResume);
        }));
    }

    private LuaTable module(LuaService s, LuaValue create, LuaValue rawResume) {
        LuaTable t = new LuaTable();
        LuaTable co = (LuaTable) s.globals.get("coroutine");
        Prim.put(t, "start", a -> start(thread(a, s, "start")));
        Prim.put(t, "stop", a -> LuaValue.valueOf(stop(thread(a, s, "stop")) / 1e9));
        Prim.Fn resume = new Prim.Fn("resume", a -> resume(rawResume, a));
        Prim.Fn wrap = new Prim.Fn("wrap", a -> {
            LuaValue c = create.call(a.checkfunction(1));
            return new Prim.Fn("wrap", args -> {
                Varargs r = resume(rawResume, LuaValue.varargsOf(c, args));
                if (!r.arg1().toboolean()) throw new LuaError(r.arg(2));
                return r.subargs(2);
            });
        });
        t.set("resume", resume);
        t.set("wrap", wrap);
        co.set("resume", resume);
        co.set("wrap", wrap);
        return t;
    }

    private static LuaThread thread(Varargs a, LuaService s, String fn) {
        if (a.narg() == 0) return s.globals.running;
        if (!(a.arg1() instanceof LuaThread t))
            throw new LuaError("bad argument #1 to '" + fn + "' (thread expected, got " + a.arg1().typename() + ")");
        return t;
    }

    private LuaValue start(LuaThread t) {
        if (timings.containsKey(t)) throw new LuaError("Thread " + t.tojstring() + " start profile more than once");
        Timing m = new Timing();
        m.since = System.nanoTime();
        timings.put(t, m);
        return LuaValue.NONE;
    }

    private long stop(LuaThread t) {
        Timing m = timings.remove(t);
        if (m == null) throw new LuaError("Call profile.start() before profile.stop()");
        return m.total + (m.since != 0 ? System.nanoTime() - m.since : 0);
    }

    private Varargs resume(LuaValue rawResume, Varargs a) {
        Timing m = a.arg1() instanceof LuaThread t ? timings.get(t) : null;
        if (m != null) m.since = System.nanoTime();
        try {
            return rawResume.invoke(a);
        } finally {
            if (m != null && m.since != 0) {
                m.total += System.nanoTime() - m.since;
                m.since = 0;
            }
        }
    }

    /** The running thread stops counting: it parks in a call, sleep or wait. */
    void pause(LuaThread t) {
        Timing m = timings.get(t);
        if (m != null && m.since != 0) {
            m.total += System.nanoTime() - m.since;
            m.since = 0;
        }
    }

    /** The thread that {@link #pause}d runs again. */
    void unpause(LuaThread t) {
        Timing m = timings.get(t);
        if (m != null) m.since = System.nanoTime();
    }
}
