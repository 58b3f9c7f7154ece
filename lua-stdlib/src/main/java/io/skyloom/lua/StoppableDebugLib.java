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

    private final StopFlag flag = new StopFlag();   // raised by kill/close on any thread, read per instruction

    void stop() {
        flag.raise();
    }

    StopFlag flag() {
        return flag;
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        if (flag.raised()) throw new ServiceStopped();
        super.onInstruction(pc, v, top);
    }
}
