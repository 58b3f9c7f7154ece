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
        Parked prev, next;             // the list of parked tasks

        Parked(int id, LuaThread lua, TaskContext context, Thread thread, boolean interruptible) {
            this.id = id;
            this.lua = lua;
            this.context = context;
            this.thread = thread;
            this.interruptible = interruptible;
        }
    }

    // Every call, sleep and wait parks here: a list, and the task's own Lua thread points
    // at its entry (a wave of 100 000 sleepers made a map of them, put and removed at
    // random places). A coroutine of skynet.coroutine that blocks is found through a map.
    private Parked parked;
    private int parkedCount;
    private final Map<LuaThread, Parked> coroutinesParked = new IdentityHashMap<>();
    private final Map<LuaThread, Integer> timeouts = new LinkedHashMap<>(); // not yet run, with their numbers
    private int lastId;
    private int lastGenid;

    private int nextId() {
        if (++lastId <= 0) lastId = 1;
        return lastId;
    }

    Parked park(LuaThread lua, TaskContext context, boolean interruptible) {
        Parked p = new Parked(nextId(), lua, context, Thread.currentThread(), interruptible);
        p.next = parked;
        if (parked != null) parked.prev = p;
        parked = p;
        parkedCount++;
        if (lua instanceof TaskThread t) t.parked = p;
        else coroutinesParked.put(lua, p);
        return p;
    }

    void unpark(Parked p) {
        if (p.prev != null) p.prev.next = p.next;
        else if (parked == p) parked = p.next;
        else return;   // not listed
        if (p.next != null) p.next.prev = p.prev;
        p.prev = p.next = null;
        parkedCount--;
        if (p.lua instanceof TaskThread t) {
            if (t.parked == p) t.parked = null;
        } else {
            coroutinesParked.remove(p.lua, p);
        }
    }

    private Parked parkedOf(LuaThread lua) {
        return lua instanceof TaskThread t ? t.parked : coroutinesParked.get(lua);
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

    /** The Java thread parked under {@code lua}, or null when it is not parked. */
    Thread threadOf(LuaThread lua) {
        Parked p = parkedOf(lua);
        return p == null ? null : p.thread;
    }

    boolean isParked(LuaThread lua) {
        return parkedOf(lua) != null;
    }

    /** Parked tasks and timeouts still to run, by number. */
    Map<Integer, LuaThread> all() {
        Map<Integer, LuaThread> out = new LinkedHashMap<>();
        timeouts.forEach((lua, id) -> out.put(id, lua));
        for (Parked p = parked; p != null; p = p.next) out.put(p.id, p.lua);
        return out;
    }

    int count() {
        return parkedCount + timeouts.size();
    }

    /**
     * skynet.killthread: a task not yet started never runs; a parked one unwinds with
     * {@link TaskKilled} as its wait ends (interrupted now when the kernel allows it).
     * True when {@code lua} was one of them.
     */
    boolean kill(LuaThread lua) {
        if (takeFork(lua) || timeouts.remove(lua) != null) return true;
        Parked p = parkedOf(lua);
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
