package io.skyloom.lua;

import java.lang.ref.Cleaner;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A Lua coroutine that runs on a virtual thread of its own: resume hands the turn to
 * that thread and parks the resumer, yield hands it back, each a single park/unpark.
 * Resumer and coroutine are one logical task, never running at once; whichever thread
 * continues the task calls {@code onSwitch} so the host moves the service's baton to it.
 *
 * <p>What the virtual thread runs is {@link Core}, which does not reference this object:
 * a suspended coroutine that Lua drops becomes garbage, and a {@link Cleaner} then ends
 * its thread.
 */
final class VirtualCoroutine extends LuaThread {

    private static final Cleaner CLEANER = Cleaner.create();

    private final Core core;

    VirtualCoroutine(Globals globals, LuaValue function, Runnable onSwitch, Set<Core> live) {
        super(globals, function);
        core = new Core(globals, state, function, onSwitch, live);
        CLEANER.register(this, core::kill);
    }

    @Override
    public Varargs resume(Varargs args) {
        return core.resume(this, args);
    }

    Core core() {
        return core;
    }

    /** Unwinds a coroutine that will never be resumed; an Error, so pcall cannot catch it. */
    static final class Killed extends Error {
        Killed() {
            super("coroutine killed", null, false, false);
        }
    }

    /** The coroutine's thread side. Fields marked volatile carry the turn between the two threads. */
    static final class Core {
        private static final int RESUMER = 0, COROUTINE = 1;
        /** Set on a coroutine thread that is unwinding after a kill: it must not touch the Lua state. */
        static final ThreadLocal<Boolean> UNWINDING = new ThreadLocal<>();

        private final Globals globals;
        private final LuaThread.State state;
        private final LuaValue function;
        private final Runnable onSwitch;
        private final Set<Core> live;        // the service's live coroutines, for its exit

        private Thread thread;               // the coroutine's virtual thread, once started
        private volatile Thread resumer;
        private volatile int turn = RESUMER;
        private volatile Varargs transfer = LuaValue.NONE;
        private volatile Throwable fatal;    // not a Lua error: the resumer rethrows it
        private volatile boolean killed;

        Core(Globals globals, LuaThread.State state, LuaValue function, Runnable onSwitch, Set<Core> live) {
            this.globals = globals;
            this.state = state;
            this.function = function;
            this.onSwitch = onSwitch;
            this.live = live;
        }

        Varargs resume(LuaThread self, Varargs args) {
            int s = state.status;
            if (s == STATUS_DEAD) return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("cannot resume dead coroutine"));
            if (s != STATUS_INITIAL && s != STATUS_SUSPENDED)
                return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("cannot resume non-suspended coroutine"));
            LuaThread previous = globals.running;
            previous.state.status = STATUS_NORMAL;
            globals.running = self;
            state.status = STATUS_RUNNING;
            resumer = Thread.currentThread();
            transfer = args;
            turn = COROUTINE;
            if (thread == null) {
                live.add(this);
                thread = Thread.ofVirtual().name("coroutine").start(this::body);
            } else {
                LockSupport.unpark(thread);
            }
            while (turn != RESUMER) LockSupport.park(this);
            globals.running = previous;
            previous.state.status = STATUS_RUNNING;
            onSwitch.run();
            Throwable f = fatal;
            if (f != null) {
                fatal = null;
                if (f instanceof Error e) throw e;
                throw (RuntimeException) f;
            }
            return transfer;
        }

        /** coroutine.yield, on the coroutine's own thread. */
        Varargs yield(Varargs values) {
            state.status = STATUS_SUSPENDED;
            transfer = LuaValue.varargsOf(LuaValue.TRUE, values);
            turn = RESUMER;
            LockSupport.unpark(resumer);
            while (turn != COROUTINE) {
                LockSupport.park(this);
                if (killed) {
                    UNWINDING.set(Boolean.TRUE);
                    throw new Killed();
                }
            }
            onSwitch.run();
            return transfer;
        }

        private void body() {
            Varargs result = LuaValue.NONE;
            try {
                onSwitch.run();
                result = LuaValue.varargsOf(LuaValue.TRUE, function.invoke(transfer));
            } catch (Killed k) {
                return;                      // nobody waits: the finally below must not hand over
            } catch (LuaError e) {
                LuaValue m = e.getMessageObject();
                if (m != null && m.isstring() && !m.isnumber()) m = LuaValue.valueOf(ErrorMessages.standard(m.tojstring()));
                result = LuaValue.varargsOf(LuaValue.FALSE, m == null ? LuaValue.NIL : m);
            } catch (Throwable t) {
                fatal = t;                   // the service is exiting or stopped: the resumer unwinds too
            } finally {
                state.status = STATUS_DEAD;
                live.remove(this);
                if (!killed) {
                    transfer = result;
                    turn = RESUMER;
                    LockSupport.unpark(resumer);
                }
            }
        }

        /** Ends a suspended coroutine that will never be resumed (dropped, or its service exited). */
        void kill() {
            if (state.status == STATUS_DEAD) return;
            killed = true;
            Thread t = thread;
            if (t != null && turn != COROUTINE) LockSupport.unpark(t);
            else if (t == null) live.remove(this);
        }
    }
}
