package io.skyloom.lua;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua 5.2's {@code coroutine} library on virtual threads: create, resume, yield, status,
 * wrap, running, and 5.3's isyieldable. A suspended coroutine costs a parked virtual
 * thread, no platform thread. {@code running} returns the running coroutine and whether
 * it is a main one; every task of a service is a main one of its own (skynet's
 * coroutine), so it is also the token skynet.wait and skynet.wakeup use.
 */
final class CoroutineLib {

    private final Globals globals;
    private final Runnable onSwitch;
    private final Set<VirtualCoroutine.Core> live = ConcurrentHashMap.newKeySet();

    CoroutineLib(Globals globals, Runnable onSwitch) {
        this.globals = globals;
        this.onSwitch = onSwitch;
    }

    LuaTable install() {
        LuaTable co = new LuaTable();
        Prim.put(co, "create", a -> create(a.checkfunction(1)));
        Prim.put(co, "resume", a -> a.checkthread(1).resume(a.subargs(2)));
        Prim.put(co, "yield", this::yield);
        Prim.put(co, "status", a -> LuaValue.valueOf(a.checkthread(1).getStatus()));
        Prim.put(co, "running", a -> LuaValue.varargsOf(globals.running, LuaValue.valueOf(globals.running.isMainThread())));
        Prim.put(co, "isyieldable", a -> LuaValue.valueOf(globals.running instanceof VirtualCoroutine));
        Prim.put(co, "wrap", a -> {
            LuaThread t = create(a.checkfunction(1));
            return new Prim.Fn("wrap", args -> {
                Varargs r = t.resume(args);
                if (r.arg1().toboolean()) return r.subargs(2);
                LuaValue m = r.arg(2);
                throw m.isstring() ? new LuaError(m.tojstring(), 0) : new LuaError(m);
            });
        });
        globals.set("coroutine", co);
        ((LuaTable) globals.get("package").get("loaded")).set("coroutine", co);
        return co;
    }

    private LuaThread create(LuaValue fn) {
        return new VirtualCoroutine(globals, fn, onSwitch, live);
    }

    private Varargs yield(Varargs values) {
        LuaThread running = globals.running;
        if (!(running instanceof VirtualCoroutine))
            throw new LuaError("attempt to yield from outside a coroutine");
        return coreOf(running).yield(values);
    }

    private static VirtualCoroutine.Core coreOf(LuaThread t) {
        return ((VirtualCoroutine) t).core();
    }

    /** Coroutines started and not yet finished (a snapshot, for tests). */
    int live() {
        return live.size();
    }

    /** Ends every suspended coroutine: the service exited. */
    void closeAll() {
        for (VirtualCoroutine.Core c : live) c.kill();
    }
}
