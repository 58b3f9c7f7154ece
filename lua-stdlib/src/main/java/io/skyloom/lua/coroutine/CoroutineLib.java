package io.skyloom.lua.coroutine;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua 5.2's {@code coroutine} library for LuaJ 3.0.1, where a coroutine costs no platform
 * thread: {@code create}, {@code resume}, {@code yield}, {@code status}, {@code wrap},
 * {@code running} and 5.3's {@code isyieldable}. Load it after the other libraries, in
 * place of LuaJ's: {@code globals.load(new CoroutineLib())}. One instance per Globals.
 *
 * <p><b>Semantics.</b> {@code resume} returns {@code true} and the values passed to
 * {@code yield} or returned by the body, or {@code false} and the error value: the value
 * LuaJ's {@code pcall} would give for the same error in this state (its position, and its
 * traceback when the debug library is loaded), unless the constructor says otherwise.
 * {@code running} follows Lua 5.2 (not 5.1): it returns the running coroutine and
 * {@code true} when that is a main thread, so a main thread is never {@code nil}.
 * {@code wrap} raises the coroutine's error again as is. A body may yield from anywhere in
 * its stack, also across {@code pcall} and Java functions, because the stack is its own.
 *
 * <p><b>Stacks.</b> Each body runs on a {@link Strand}: a virtual thread of its own,
 * started at the first resume (default), or a JDK continuation when the system property
 * {@value Strand#PROPERTY} is {@code continuation} and {@code java.base/jdk.internal.vm}
 * is exported. Resume hands the turn to the body and parks the resumer; yield hands it
 * back. Resumer and body are one logical task and never run at once.
 *
 * <p><b>Contract for the host.</b>
 * <ul>
 * <li>Only the task that owns the Globals calls into Lua, this library included
 *     (DESIGN.md: one task per LuaJ state at a time). A coroutine body is part of the task
 *     that resumed it: with virtual-thread strands it runs on another Java thread, and
 *     {@code onSwitch} runs on whichever thread goes on with the task after each hand-off
 *     (before any Lua runs there), so the host can move its notion of "owner thread".</li>
 * <li>{@code globals.running} is the Lua thread of whatever runs now: the coroutine while
 *     its body runs, the resumer's again after it yields or returns. A host that lets
 *     several tasks of one service interleave on one Globals gives each task a main thread
 *     of its own ({@code restore(new LuaThread(globals))} when it starts) and, around
 *     every primitive that blocks, saves {@link #current()} before and calls
 *     {@link #restore} after, since other tasks set the field in between.</li>
 * <li>A suspended coroutine that Lua drops is found by the GC and unwound on the owner's
 *     task, never on a GC or cleaner thread, because unwinding runs LuaJ's frame
 *     bookkeeping on the shared state. The library does this at every {@code create} and
 *     {@code resume}; a host may call {@link #reapOrphans} when it likes (after each
 *     message, say), and must call {@link #closeAll} when the service exits.</li>
 * <li>A killed coroutine unwinds with {@link CoroutineKilled}, an Error: Java functions
 *     that catch Throwable inside a coroutine must let it pass.</li>
 * <li>LuaJ's {@code Globals.yield} still belongs to LuaJ's own coroutines: code that
 *     wants to yield one of these calls {@code coroutine.yield}.</li>
 * </ul>
 */
public final class CoroutineLib extends TwoArgFunction {

    private final Strand.Factory strands;
    private final String threadName;
    private final Runnable onSwitch;
    private final Function<LuaError, LuaValue> errorValue;

    // the owner task
    private Globals globals;
    private long started;

    // read by liveCount from any thread; changed only by the owner task
    private final Set<CoroutineStack> live = ConcurrentHashMap.newKeySet();
    /** Filled by the GC, drained by the owner. */
    final ReferenceQueue<Coroutine> orphans = new ReferenceQueue<>();

    /** Strands from {@value Strand#PROPERTY}, threads named "coroutine#n", pcall's error values. */
    public CoroutineLib() {
        this("coroutine", () -> {}, null);
    }

    /**
     * @param threadName names the virtual threads, with "#n" appended (say "svc:0000000a/co")
     * @param onSwitch   runs on the thread that goes on with the task after each hand-off
     * @param errorValue what resume returns for an error inside a body; null for what pcall gives
     */
    public CoroutineLib(String threadName, Runnable onSwitch, Function<LuaError, LuaValue> errorValue) {
        this(Strand.factory(), threadName, onSwitch, errorValue);
    }

    CoroutineLib(Strand.Factory strands, String threadName, Runnable onSwitch, Function<LuaError, LuaValue> errorValue) {
        this.strands = strands;
        this.threadName = Objects.requireNonNull(threadName);
        this.onSwitch = Objects.requireNonNull(onSwitch);
        this.errorValue = errorValue != null ? errorValue : CoroutineLib::pcallValue;
    }

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        globals = env.checkglobals();
        LuaTable t = new LuaTable();
        t.set("create", new Create());
        t.set("resume", new Resume());
        t.set("yield", new Yield());
        t.set("status", new Status());
        t.set("wrap", new Wrap());
        t.set("running", new Running());
        t.set("isyieldable", new IsYieldable());
        env.set("coroutine", t);
        LuaValue pkg = env.get("package");
        if (pkg.istable()) pkg.get("loaded").set("coroutine", t);
        return t;
    }

    // ---- the host's side

    /** The Lua thread running now on this library's Globals: save it before blocking. */
    public LuaThread current() {
        return globals.running;
    }

    /** Puts back what {@link #current()} returned, after a blocking call returns. */
    public void restore(LuaThread running) {
        assert running.globals == globals : "a Lua thread of another state";
        globals.running = running;
    }

    /** Coroutines started and not yet finished: each is a parked strand while suspended. */
    public int liveCount() {
        return live.size();
    }

    /** "thread" or "continuation": the kind of strand the bodies run on. */
    public String strandKind() {
        return strands.kind();
    }

    /** Owner task only: unwinds the suspended coroutines the GC found dropped; returns how many. */
    public int reapOrphans() {
        int n = 0;
        for (Reference<? extends Coroutine> r; (r = orphans.poll()) != null; n++)
            ((CoroutineStack.Orphan) r).stack.kill();
        return n;
    }

    /**
     * Owner task only, when the service exits: unwinds every suspended coroutine. One that
     * is running or normal (this call comes from inside it) is left to finish.
     */
    public void closeAll() {
        reapOrphans();
        for (CoroutineStack s : List.copyOf(live)) s.kill();
    }

    // ---- for CoroutineStack

    Globals globals() {
        return globals;
    }

    Strand newStrand(Runnable body) {
        return strands.create(body, threadName + "#" + ++started);
    }

    void started(CoroutineStack s) {
        live.add(s);
    }

    void ended(CoroutineStack s) {
        live.remove(s);
    }

    void switched() {
        onSwitch.run();
    }

    LuaValue errorValue(LuaError e) {
        return errorValue.apply(e);
    }

    private static LuaValue pcallValue(LuaError e) {
        LuaValue m = e.getMessageObject();
        return m != null ? m : NIL;
    }

    // ---- the Lua functions

    /** The arguments from {@code from} on, copied: a view could keep the coroutine itself alive. */
    private static Varargs copy(Varargs a, int from) {
        int n = a.narg() - from + 1;
        if (n <= 0) return NONE;
        if (n == 1) return a.arg(from);
        LuaValue[] v = new LuaValue[n];
        for (int i = 0; i < n; i++) v[i] = a.arg(from + i);
        return varargsOf(v);
    }

    private static CoroutineStack yieldable(LuaThread running) {
        if (running instanceof Coroutine c) return c.stack;
        throw new LuaError("attempt to yield from outside a coroutine");
    }

    private final class Create extends VarArgFunction {
        Create() {
            name = "create";
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaValue f = args.checkfunction(1);
            reapOrphans();
            return new Coroutine(globals, f, CoroutineLib.this);
        }
    }

    private final class Resume extends VarArgFunction {
        Resume() {
            name = "resume";
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaThread t = args.checkthread(1);
            reapOrphans();
            Varargs rest = copy(args, 2);
            return t instanceof Coroutine c ? c.stack.resume(c, rest) : t.resume(rest);
        }
    }

    private final class Yield extends VarArgFunction {
        Yield() {
            name = "yield";
        }

        @Override
        public Varargs invoke(Varargs args) {
            // No local holds the coroutine while it is suspended in here: a parked frame
            // keeps its locals reachable, and a dropped coroutine must be collectable.
            return yieldable(globals.running).yield(args);
        }
    }

    private static final class Status extends VarArgFunction {
        Status() {
            name = "status";
        }

        @Override
        public Varargs invoke(Varargs args) {
            return valueOf(args.checkthread(1).getStatus());
        }
    }

    private final class Wrap extends VarArgFunction {
        Wrap() {
            name = "wrap";
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaValue f = args.checkfunction(1);
            reapOrphans();
            return new Wrapped(new Coroutine(globals, f, CoroutineLib.this));
        }
    }

    /** The function wrap returns: resumes, and raises the coroutine's error again (Lua 5.2's auxwrap). */
    private final class Wrapped extends VarArgFunction {
        private final Coroutine co;

        Wrapped(Coroutine co) {
            this.co = co;
            name = "wrap";
        }

        @Override
        public Varargs invoke(Varargs args) {
            Varargs r = co.stack.resume(co, copy(args, 1));
            if (r.arg1().toboolean()) return r.subargs(2);
            LuaValue m = r.arg(2);
            throw m.isstring() ? new ResumeError(m.tojstring(), globals.running) : new LuaError(m);
        }
    }

    private final class Running extends VarArgFunction {
        Running() {
            name = "running";
        }

        @Override
        public Varargs invoke(Varargs args) {
            LuaThread r = globals.running;
            return varargsOf(r, valueOf(r.isMainThread()));
        }
    }

    private final class IsYieldable extends VarArgFunction {
        IsYieldable() {
            name = "isyieldable";
        }

        @Override
        public Varargs invoke(Varargs args) {
            return valueOf(globals.running instanceof Coroutine);
        }
    }
}
