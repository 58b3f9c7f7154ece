package io.skyloom.lua.coroutine;

import static org.luaj.vm2.LuaThread.STATUS_DEAD;
import static org.luaj.vm2.LuaThread.STATUS_INITIAL;
import static org.luaj.vm2.LuaThread.STATUS_NORMAL;
import static org.luaj.vm2.LuaThread.STATUS_RUNNING;
import static org.luaj.vm2.LuaThread.STATUS_SUSPENDED;

import java.lang.ref.PhantomReference;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The running side of one coroutine: its strand, its status and the values passing in
 * and out. The Lua value ({@link Coroutine}) holds this object; this object never holds
 * the Lua value, and neither does anything its suspended stack keeps alive on our side,
 * so a coroutine Lua drops becomes garbage and its {@link Orphan} reference tells the
 * library to unwind the stack (see {@link CoroutineLib#reapOrphans}).
 *
 * <p>Owned by the logical task that runs it: the resumer and the body take turns through
 * the strand, and every field below is written by one turn and read by a later one.
 */
final class CoroutineStack {

    /** Found unreachable by the GC: the library unwinds its stack on the owner's task. */
    static final class Orphan extends PhantomReference<Coroutine> {
        final CoroutineStack stack;

        Orphan(Coroutine value, CoroutineStack stack) {
            super(value, stack.lib.orphans);
            this.stack = stack;
        }
    }

    private final CoroutineLib lib;
    private final LuaThread.State state;   // LuaJ's status field, so getStatus and the debug library agree
    private final LuaValue function;

    // the task's turn; handed over by the strand
    private Strand strand;                 // null until the first resume
    private Orphan orphan;                 // keeps the phantom reference reachable while the strand lives
    private Varargs transfer = LuaValue.NONE;
    private Throwable fatal;               // an Error from the body, rethrown on the resumer
    private boolean killed;

    CoroutineStack(CoroutineLib lib, LuaThread.State state, LuaValue function) {
        this.lib = lib;
        this.state = state;
        this.function = function;
    }

    /** Resumer side: coroutine.resume, Lua 5.2 results (true, values) or (false, message). */
    Varargs resume(Coroutine self, Varargs args) {
        int s = state.status;
        if (s == STATUS_DEAD) return failure("cannot resume dead coroutine");
        if (s != STATUS_INITIAL && s != STATUS_SUSPENDED) return failure("cannot resume non-suspended coroutine");
        Globals g = lib.globals();
        LuaThread previous = g.running;
        previous.state.status = STATUS_NORMAL;
        g.running = self;
        state.status = STATUS_RUNNING;
        if (strand == null) {
            strand = lib.newStrand(this::body);
            orphan = new Orphan(self, this);
            lib.started(this);
        }
        transfer = args;
        try {
            strand.resume();
        } finally {
            g.running = previous;
            previous.state.status = STATUS_RUNNING;
            lib.switched();
        }
        Varargs out = transfer;
        transfer = LuaValue.NONE;
        Throwable f = fatal;
        if (f != null) {
            fatal = null;
            if (f instanceof Error e) throw e;
            throw new IllegalStateException("coroutine body failed", f); // body() lets only Errors through
        }
        return out;
    }

    /** Body side: coroutine.yield. Returns the values of the next resume. */
    Varargs yield(Varargs values) {
        state.status = STATUS_SUSPENDED;
        transfer = LuaValue.varargsOf(LuaValue.TRUE, values);
        try {
            strand.suspend();
        } catch (RuntimeException refused) { // pinned, or not called on the body: still running
            state.status = STATUS_RUNNING;
            transfer = LuaValue.NONE;
            throw refused;
        }
        lib.switched();
        if (killed) throw new CoroutineKilled();
        Varargs in = transfer;
        transfer = LuaValue.NONE;
        return in;
    }

    private void body() {
        lib.switched();
        Varargs result;
        try {
            Varargs in = transfer;
            transfer = LuaValue.NONE;
            result = LuaValue.varargsOf(LuaValue.TRUE, function.invoke(in));
        } catch (CoroutineKilled k) {
            result = LuaValue.NONE;        // the killer waits for nothing but the end
        } catch (LuaError e) {
            result = failure(lib.errorValue(e));
        } catch (StackOverflowError e) {
            result = failure("stack overflow"); // the coroutine's own stack: Lua 5.2 reports it to resume
        } catch (Exception e) {            // as LuaJ's pcall maps a Java exception
            String m = e.getMessage();
            result = failure(m != null ? m : e.toString());
        } catch (Throwable t) {
            fatal = t;                     // not Lua's business (a stopped service): the resumer unwinds too
            result = LuaValue.NONE;
        }
        state.status = STATUS_DEAD;
        orphan.clear();
        lib.ended(this);
        transfer = result;
    }   // the strand hands the turn back as the body returns

    /**
     * Owner side: ends a suspended coroutine that will never be resumed, unwinding its
     * stack on its own strand while the owner waits, so that nothing else runs Lua on this
     * state meanwhile. LuaJ pops debug frames off {@code globals.running} as frames unwind;
     * a scratch thread takes them, since the Lua value may already be gone.
     */
    void kill() {
        int s = state.status;
        if (s == STATUS_INITIAL) state.status = STATUS_DEAD;
        if (s != STATUS_SUSPENDED || strand == null) return;
        Globals g = lib.globals();
        LuaThread previous = g.running;
        g.running = new LuaThread(g);
        killed = true;
        try {
            strand.resume();
        } finally {
            g.running = previous;
            lib.switched();
            transfer = LuaValue.NONE;
            fatal = null;
        }
    }

    private static Varargs failure(String message) {
        return failure(LuaValue.valueOf(message));
    }

    private static Varargs failure(LuaValue message) {
        return LuaValue.varargsOf(LuaValue.FALSE, message);
    }
}
