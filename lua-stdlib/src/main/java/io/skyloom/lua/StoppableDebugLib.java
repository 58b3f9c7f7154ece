package io.skyloom.lua;

import io.skyloom.lua.stdlib.ServiceStopped;
import io.skyloom.lua.stdlib.StopFlag;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.UnsyncDebugLib;

/**
 * LuaJ's debug library (call frames for tracebacks) plus a stop check on every
 * instruction, so a killed service leaves even an endless loop at its next step. One per
 * service; {@link #stop} may be called from any thread. Its flag is the service's
 * {@link StopFlag}, which the library's long loops (patterns, sort, rep) check too.
 */
final class StoppableDebugLib extends UnsyncDebugLib {

    private final StopFlag flag = new StopFlag();   // raised by kill/close on any thread
    private volatile java.util.function.Consumer<String> stackWanted; // set by the endless monitor, taken at the next step
    private volatile int attention;                 // non-zero once stop or requestStack was called: read per instruction

    // the service's task only
    private int countdown = Integer.MAX_VALUE;      // instructions until the memory check runs
    private int interval = Integer.MAX_VALUE;
    private Runnable memoryCheck;                   // set by skynet.memlimit

    void stop() {
        flag.raise();
        attention = 1;
    }

    StopFlag flag() {
        return flag;
    }

    /** Runs {@code check} every {@code instructions} Lua instructions from now on. */
    void watchMemory(int instructions, Runnable check) {
        interval = countdown = Math.max(1, instructions);
        memoryCheck = check;
    }

    /** The next memory check comes after {@code instructions} (it adapts to the state's size). */
    void nextMemoryCheck(int instructions) {
        interval = Math.max(1, instructions);
    }

    /**
     * The monitor found the service stuck: at its next instruction, on its own thread (the
     * only one that may read its frames), the service hands its Lua stack to {@code sink}.
     */
    void requestStack(java.util.function.Consumer<String> sink) {
        stackWanted = sink;
        attention = 1;
    }

    // One volatile read per instruction while nothing is asked of the service; the rest out of line.
    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        if (attention != 0) attend();
        if (--countdown == 0) memoryTick();
        super.onInstruction(pc, v, top);
    }

    private void attend() {
        if (flag.raised()) throw new ServiceStopped();
        attention = 0;          // before the read: a request made after it sets it again
        java.util.function.Consumer<String> sink = stackWanted;
        if (sink != null) {
            stackWanted = null;
            sink.accept(traceback(1));
        }
    }

    private void memoryTick() {
        countdown = interval;
        if (memoryCheck != null) memoryCheck.run();
    }
}
