package io.skyloom.lua;

import io.skyloom.core.Context;
import io.skyloom.core.kernel.TaskContext;
import io.skyloom.core.Message;
import io.skyloom.core.kernel.Node;
import io.skyloom.core.Service;
import io.skyloom.lua.coroutine.CoroutineLib;
import java.util.List;
import java.util.function.Supplier;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A Lua service: one LuaJ state, run by the service's tasks one at a time. Only the
 * task holding the service's baton touches {@link #globals}; {@link #current} names
 * that task, and every primitive that blocks puts back the {@code current} and
 * {@code globals.running} of its own task when it resumes, because other tasks of the
 * service ran Lua in between.
 */
final class LuaService implements Service {

    final LuaHost host;
    final Node node;
    final String name;
    final Globals globals;
    private final CodeCache.Chunk main;
    private final LuaValue[] args;

    // baton holder only
    volatile int handle;                  // set by the first task; read by stopRequested on the killer's thread
    TaskContext current;
    LuaValue dispatcher = LuaValue.NIL;   // set by skynet.core.callback
    LuaValue startFunction = LuaValue.NIL; // set by skynet.start
    ProfileLib profile;                    // once skynet.profile is required

    private final StoppableDebugLib debug;
    private long memLimit;                   // skynet.memlimit in bytes; 0: none. Task only
    private int messagesSinceCheck;
    private Object spareFrames;              // an ended task's empty call frames, for the next task
    private final CoroutineLib coroutines;   // Lua's coroutine library, one per state
    final Tasks tasks = new Tasks();         // parked and scheduled tasks: skynet.task, killthread

    LuaService(LuaHost host, Node node, String name, Globals globals, StoppableDebugLib debug, CodeCache.Chunk main,
               List<Object> args) {
        this.debug = debug;
        if (node.config().luajc()) CompiledPositions.parkedTasks(globals, tasks);
        this.host = host;
        this.node = node;
        this.name = name;
        this.globals = globals;
        this.main = main;
        this.args = LuaValues.toLua(args.toArray());
        // A coroutine body is part of the task that resumed it; on a strand of its own
        // thread it must hold that task's baton and context before it runs any Lua.
        this.coroutines = new CoroutineLib("co:" + name, () -> {
            if (current != null) current.adoptThread();
        }, LuaService::coroutineError);
        globals.load(coroutines);
        // skynet's per-service globals: a service can start another of itself with
        // skynet.newservice(SERVICE_NAME, ...), as skynet's examples do.
        String serviceName = name.startsWith("=") || name.startsWith("@") ? name.substring(1) : name;
        globals.rawset(Names.SERVICE_NAME, LuaValue.valueOf(serviceName));
        SkynetCore.install(this);
        CodeLib.install(this);
        ProfileLib.install(this);
        // collectgarbage("count") of this service, not of the JVM (skynet's answers for one state).
        LuaValue gc = globals.rawget(Names.COLLECTGARBAGE);
        globals.rawset(Names.COLLECTGARBAGE, new Prim.Fn("collectgarbage", a -> {
            if (!a.optjstring(1, "collect").equals("count")) return gc.invoke(a);
            double kb = memoryUsed(Long.MAX_VALUE) / 1024.0;
            return LuaValue.varargsOf(LuaValue.valueOf(kb), LuaValue.valueOf(0));
        }));
    }

    /**
     * skynet's SERVICE_PATH global: the folder the service's file was found in, ending in
     * "/" ("skyloom/service/" for a built-in one), as skynet's loader sets it.
     */
    void servicePath(String file) {
        int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf(java.io.File.separatorChar));
        if (slash >= 0) globals.rawset(Names.SERVICE_PATH, LuaValue.valueOf(file.substring(0, slash + 1)));
    }

    @Override
    public void start(Context ctx) {
        enter(ctx);
        try {
            main.instantiate(globals).invoke(LuaValue.varargsOf(args));
            if (!startFunction.isnil()) startFunction.call();
        } catch (LuaError e) {
            throw LuaServiceError.of(e);
        } catch (StackOverflowError | OutOfMemoryError e) {
            throw LuaServiceError.of(ResourceErrors.asLua(e));
        }
    }

    @Override
    public void handle(Context ctx, Message m) {
        enter(ctx);
        // Without call frames there is no per-instruction hook: look at message starts instead.
        if (memLimit > 0 && debug == null && (++messagesSinceCheck & 63) == 0) checkMemory();
        if (dispatcher.isnil())
            throw new IllegalStateException("service " + name + " has no dispatcher: it never required \"skynet\"");
        LuaThread task = globals.running;
        try {
            dispatcher.invoke(LuaValue.varargsOf(new LuaValue[] {
                    LuaValue.valueOf(m.type()), LuaValue.valueOf(m.session()), LuaValue.valueOf(m.source()),
                    wrapPayload(m.payload())}));
            recycleFrames(task);
        } catch (TaskKilled k) {
            failKilled();
        } catch (LuaError e) {
            throw LuaServiceError.of(e);
        } catch (StackOverflowError | OutOfMemoryError e) {
            throw LuaServiceError.of(ResourceErrors.asLua(e));
        }
    }

    /** A request whose task killthread ended gets an error, as skynet sends its caller one. */
    private void failKilled() {
        try {
            current.response().fail("the task answering this request was killed (skynet.killthread)");
        } catch (IllegalStateException noneOpen) {
            // a send, or answered already: nobody waits
        }
    }

    /**
     * skynet.memlimit: from now on the service's Lua state may hold at most {@code bytes}
     * (as {@link LuaMemory} estimates it); past that, Lua code gets "not enough memory",
     * which pcall catches. Set once, as in skynet.
     */
    void memlimit(long bytes) {
        if (memLimit > 0) throw new LuaError("memlimit is set already: it can be set once");
        if (bytes <= 0) throw new LuaError("bad argument #1 to 'memlimit' (positive number of bytes expected)");
        memLimit = bytes;
        if (debug != null) debug.watchMemory(1 << 18, this::checkMemory);
    }

    /** Bytes the service's Lua state holds now, as estimated (collectgarbage "count" reads it too). */
    long memoryUsed(long stopAbove) {
        java.util.List<LuaValue> frames = new java.util.ArrayList<>();
        if (debug != null) debug.forEachFrameValue(frames::add);
        frames.add(dispatcher);
        frames.add(startFunction);
        return LuaMemory.estimate(globals, frames, stopAbove);
    }

    private void checkMemory() {
        long used = memoryUsed(memLimit);
        if (used > memLimit)
            throw new LuaError("not enough memory (the service's memlimit is " + memLimit + " bytes)");
        // A big state takes long to walk: look again after about twice its bytes in instructions.
        if (debug != null) debug.nextMemoryCheck((int) Math.min(1 << 30, Math.max(1 << 18, used * 2)));
    }

    /** A task starts running Lua: it is now the current one, with a Lua thread of its own. */
    void enter(Context ctx) {
        enter(ctx, newTaskThread());
    }

    /**
     * A Lua thread for a new task. With call frames on, it takes the (empty) frame stack
     * of the last task that ended, so a message does not build frames anew: tasks of a
     * service run one at a time, and most end without parking.
     */
    private TaskThread newTaskThread() {
        TaskThread t = new TaskThread(globals);
        if (spareFrames != null) {
            t.callstack = spareFrames;
            spareFrames = null;
        }
        return t;
    }

    /** {@code ended}'s task is over: its frame stack, empty again, goes to the next task. */
    private void recycleFrames(LuaThread ended) {
        Object frames = ended.callstack;
        if (debug == null || spareFrames != null || !org.luaj.vm2.lib.UnsyncDebugLib.isEmpty(frames)) return;
        ended.callstack = null;   // should anyone still hold the thread, it gets a fresh stack
        spareFrames = frames;
    }

    private void enter(Context ctx, LuaThread main) {
        current = (TaskContext) ctx;
        if (handle != ctx.self()) handle = ctx.self();   // once: a volatile write per message would cost
        coroutines.restore(main);
    }

    /** Runs a blocking kernel operation and puts this task's Lua state back afterwards. */
    <T> T block(Supplier<T> op) {
        Tasks.Parked parked = parkTask(false);
        try {
            return op.get();
        } finally {
            resumeTask(parked);
        }
    }

    /**
     * A task is about to block in the kernel: it is listed (skynet.task, killthread) and
     * its profile clock stops. {@code interruptible}: a call, sleep or wait, which
     * killthread may end at once (others, a service start, end first). The hot primitives
     * (call, sleep, wait) use this pair directly rather than {@link #block}: every frame
     * under a parked task is copied at each park, and a lambda costs two.
     */
    Tasks.Parked parkTask(boolean interruptible) {
        LuaThread running = coroutines.current();
        Tasks.Parked parked = tasks.park(running, current, interruptible);
        ProfileLib p = profile;
        if (p != null) p.pause(running);   // skynet's coroutine yields here: its profile clock stops
        return parked;
    }

    /** The task of {@code parked} runs again: its context and Lua thread are put back; a killed one unwinds. */
    void resumeTask(Tasks.Parked parked) {
        current = parked.context;
        coroutines.restore(parked.lua);
        ProfileLib p = profile;
        if (p != null) p.unpause(parked.lua);
        tasks.unpark(parked);
        if (parked.killed) {
            Thread.interrupted();   // ours, from killthread: the task ends here
            throw new TaskKilled();
        }
    }

    /** What coroutine.resume returns for a Lua error in a body: Lua 5.2's wording. */
    private static LuaValue coroutineError(LuaError e) {
        LuaValue m = e.getMessageObject();
        if (m == null) return LuaValue.NIL;
        return m.isstring() && !m.isnumber() ? LuaValue.valueOf(ErrorMessages.standard(m.tojstring())) : m;
    }

    /** skynet.fork: {@code fn(args)} as a new task; its Lua thread is what wakeup(co) takes. */
    LuaThread fork(LuaValue fn, Varargs fnArgs) {
        TaskThread main = newTaskThread();
        tasks.fork(main);
        current.fork(task(main, fn, fnArgs));
        return main;
    }

    /** skynet.timeout: {@code fn()} as a new task after {@code ticks}; returns its Lua thread. */
    LuaThread timeout(long ticks, LuaValue fn) {
        TaskThread main = newTaskThread();
        tasks.timeout(main);
        current.timeout(ticks, task(main, fn, LuaValue.NONE));
        return main;
    }

    private Runnable task(TaskThread main, LuaValue fn, Varargs fnArgs) {
        return () -> {
            if (!tasks.starting(main)) return;   // killthread ended it before it ran
            enter(Node.context(), main);
            try {
                try {
                    fn.invoke(fnArgs);
                    recycleFrames(main);
                } catch (StackOverflowError | OutOfMemoryError e) {
                    throw ResourceErrors.asLua(e);
                }
            } catch (TaskKilled k) {
                // killthread: the task ends quietly, as skynet closes its coroutine
            } catch (LuaError e) {
                // As skynet: a forked task's error ends that task only, and is logged as an error.
                LuaServiceError err = LuaServiceError.of(e);
                host.error(this, "error in a forked task: " + err.getMessage()
                        + (err.traceback().isEmpty() ? "" : "\n" + err.traceback()));
            }
        };
    }

    static LuaValue wrapPayload(Object payload) {
        if (payload == null) return LuaValue.NIL;
        if (payload instanceof LuaValue v) return v;
        if (payload instanceof String s) return LuaString.valueOf(s);
        if (payload instanceof byte[] b) return LuaString.valueOf(b);
        return new LuaUserdata(payload);
    }

    static Object unwrapPayload(LuaValue v) {
        if (v.isnil()) return null;
        if (v instanceof LuaUserdata u) return u.m_instance;
        if (v.type() == LuaValue.TSTRING) return v;
        if (v.type() == LuaValue.TNUMBER || v.type() == LuaValue.TBOOLEAN) return v;
        throw new LuaError("a message is a packed value, a string, a number or a boolean, not a " + v.typename());
    }

    @Override
    public void stopRequested() {
        if (debug != null) debug.stop();
        Sandbox.stopFlag(globals).raise();   // the library's long loops (patterns, rep, sort, concat)
        LoopGuard.stop(node, handle);        // compiled loops, and the string methods all services share
    }

    @Override
    public void endlessDetected() {
        // The kernel warned already; the service adds where it is stuck: compiled code from
        // the Java stack of the thread running it, interpreted code from its call frames.
        TaskContext task = current;
        Thread t = task == null ? null : task.batonHolder();
        String compiled = node.config().luajc() && t != null ? ErrorMessages.compiledFrames(t.getStackTrace(), 0) : "";
        if (!compiled.isEmpty()) host.warn(this, "maybe in an endless loop, at:\nstack traceback:" + compiled);
        else if (debug != null) debug.requestStack(stack -> host.warn(this, "maybe in an endless loop, at:\n" + stack));
    }

    @Override
    public void stopped(int handle) {
        LoopGuard.forget(node, handle);
        coroutines.closeAll();
        host.stopped(this);
    }

    String label() {
        return io.skyloom.core.Handle.format(handle) + " (" + name + ")";
    }
}
