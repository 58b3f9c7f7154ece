package io.skyloom.lua;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.skyloom.core.kernel.TaskContext;
import org.luaj.vm2.LuaThread;

/**
 * What {@code skynet.task}, {@code skynet.uniqtask} and {@code skynet.killthread} see of
 * one service: its tasks parked in a blocking primitive (call, sleep, wait, a service
 * start) and its timeouts not yet run, each under a number of this service (skynet keys
 * them by session; Skyloom's sessions live in the kernel, so these are the host's own).
 * Owned by the service's baton holder, like its Lua state.
 */
final class Tasks {

    /**
     * One parked task: the Lua thread that blocked, the task's context to put back when
     * it resumes, and the Java thread parked under it.
     */
    static final class Parked {
        final int id;
        final LuaThread lua;
        final TaskContext context;
        final Thread thread;
        final boolean interruptible;   // a call, sleep or wait: the kernel ends those on interrupt
        boolean killed;                // set by killthread; the task reads it once the baton is back

        Parked(int id, LuaThread lua, TaskContext context, Thread thread, boolean interruptible) {
            this.id = id;
            this.lua = lua;
            this.context = context;
            this.thread = thread;
            this.interruptible = interruptible;
        }
    }

    // Every call, sleep and wait parks here: an identity map allocates no node per entry
    // and needs no hashCode of a Lua thread beyond its identity.
    private final Map<LuaThread, Parked> parked = new IdentityHashMap<>();
    private final Map<LuaThread, Integer> timeouts = new LinkedHashMap<>(); // not yet run, with their numbers
    private int lastId;
    private int lastGenid;

    private int nextId() {
        if (++lastId <= 0) lastId = 1;
        return lastId;
    }

    Parked park(LuaThread lua, TaskContext context, boolean interruptible) {
        Parked p = new Parked(nextId(), lua, context, Thread.currentThread(), interruptible);
        parked.put(lua, p);
        return p;
    }

    void unpark(Parked p) {
        parked.remove(p.lua, p);
    }

    /** skynet.genid: a number this service never handed out before. */
    int genid() {
        if (++lastGenid <= 0) lastGenid = 1;
        return lastGenid;
    }

    /** A timeout made {@code lua}'s task; it runs later (skynet counts it as a task). */
    void timeout(LuaThread lua) {
        timeouts.put(lua, nextId());
    }

    /** A fork made {@code lua}'s task; it runs once the current one yields. */
    void fork(TaskThread lua) {
        lua.forkPending = true;   // not yet run: a flag on its thread, no set entry
    }

    /** The task of {@code lua} starts; false when killthread ended it before it ran. */
    boolean starting(TaskThread lua) {
        return takeFork(lua) || timeouts.remove(lua) != null;
    }

    private boolean takeFork(LuaThread lua) {
        if (!(lua instanceof TaskThread t) || !t.forkPending) return false;
        t.forkPending = false;
        return true;
    }

    boolean isParked(LuaThread lua) {
        return parked.containsKey(lua);
    }

    /** Parked tasks and timeouts still to run, by number. */
    Map<Integer, LuaThread> all() {
        Map<Integer, LuaThread> out = new LinkedHashMap<>();
        timeouts.forEach((lua, id) -> out.put(id, lua));
        for (Parked p : parked.values()) out.put(p.id, p.lua);
        return out;
    }

    int count() {
        return parked.size() + timeouts.size();
    }

    /**
     * skynet.killthread: a task not yet started never runs; a parked one unwinds with
     * {@link TaskKilled} as its wait ends (interrupted now when the kernel allows it).
     * True when {@code lua} was one of them.
     */
    boolean kill(LuaThread lua) {
        if (takeFork(lua) || timeouts.remove(lua) != null) return true;
        Parked p = parked.get(lua);
        if (p == null || p.killed) return false;
        p.killed = true;
        if (p.interruptible) p.thread.interrupt();
        return true;
    }

    /** The Lua threads whose string form contains {@code text} (killthread by name). */
    List<LuaThread> named(String text) {
        List<LuaThread> out = new ArrayList<>();
        for (LuaThread t : all().values()) if (t.tojstring().contains(text)) out.add(t);
        return out;
    }
}
