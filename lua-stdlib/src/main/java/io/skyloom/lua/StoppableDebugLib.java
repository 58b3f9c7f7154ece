package io.skyloom.lua;

import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.UnsyncDebugLib;

/**
 * LuaJ's debug library (call frames for tracebacks) plus a stop check on every
 * instruction, so a killed service leaves even an endless loop at its next step. One per
 * service; {@link #stop} may be called from any thread.
 */
final class StoppableDebugLib extends UnsyncDebugLib {

    /** Unwinds the Lua stack of a stopped service; an Error so pcall cannot catch it. */
    static final class Stopped extends Error {
        Stopped() {
            super("the service was stopped", null, false, false);
        }
    }

    private volatile boolean stopped;   // set by kill/close on any thread, read per instruction

    void stop() {
        stopped = true;
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        if (stopped) throw new Stopped();
        super.onInstruction(pc, v, top);
    }
}
