package org.luaj.vm2.lib;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * LuaJ's debug library with its per-call and per-instruction frame tracking done without
 * a monitor. LuaJ 3.0.1 enters a {@code synchronized} block on every Lua instruction to
 * record the program counter; Skyloom never lets two threads run one LuaJ state (only the
 * service's baton holder does), so the lock guards nothing and costs 30-40 % of Lua call
 * throughput (measured on bench_main). Hooks set with debug.sethook are not supported:
 * services never get debug.sethook.
 *
 * <p>It lives in LuaJ's package because the frame stack it updates is package-private
 * there; it depends on LuaJ 3.0.1's layout, which the build pins.
 */
public class UnsyncDebugLib extends DebugLib {

    @Override
    public void onCall(LuaFunction f) {
        push(callstack()).set(f);
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        push(callstack()).set(c, varargs, stack);
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        CallStack cs = callstack();
        if (cs.calls > 0) cs.frame[cs.calls - 1].instr(pc, v, top);
    }

    @Override
    public void onReturn() {
        CallStack cs = callstack();
        if (cs.calls > 0) cs.frame[--cs.calls].reset();
    }

    /**
     * The next frame of {@code cs}. Frames are made when first reached, not when the array
     * grows: every task of a service gets a call stack of its own, and most never go
     * deeper than two or three Lua calls.
     */
    private static CallFrame push(CallStack cs) {
        int i = cs.calls;
        CallFrame[] frames = cs.frame;
        if (i >= frames.length) cs.frame = frames = java.util.Arrays.copyOf(frames, Math.max(4, frames.length * 3 / 2));
        CallFrame f = frames[i];
        if (f == null) {
            f = frames[i] = new CallFrame();
            if (i > 0) f.previous = frames[i - 1];
        }
        cs.calls = i + 1;
        return f;
    }

    /**
     * Makes this the debug library of {@code g}, as {@code g.load(this)} does, without the
     * table of sixteen functions LuaJ builds for the {@code debug} global: a service sees
     * only {@link #traceback}, and {@link #frameFunction} makes the three that
     * skynet.injectcode reads when it asks. Every service with luaDebug on paid for the
     * table (spawn: about 1 kB of garbage and as much kept per service).
     */
    public void attach(Globals g) {
        globals = g;
        g.debuglib = this;
    }

    /** debug.traceback of the state this is attached to. */
    public LuaValue traceback() {
        return new traceback();
    }

    /** debug.getinfo, getlocal or setlocal of the state this is attached to; nil for another name. */
    public LuaValue frameFunction(String name) {
        return switch (name) {
            case "getinfo" -> new getinfo();
            case "getlocal" -> new getlocal();
            case "setlocal" -> new setlocal();
            default -> NIL;
        };
    }

    /** True when {@code callstack} (a LuaThread's) is a frame stack with no frame in use. */
    public static boolean isEmpty(Object callstack) {
        return callstack instanceof CallStack cs && cs.calls == 0;
    }

    /**
     * Calls {@code sink} with every value the running Lua thread's frames hold now (their
     * registers up to the top, and their varargs): what a memory estimate must count
     * beside the globals. Only the thread running this state calls it.
     */
    public void forEachFrameValue(java.util.function.Consumer<LuaValue> sink) {
        CallStack cs = callstack();
        for (int i = 0; i < cs.calls; i++) {
            CallFrame f = cs.frame[i];
            if (f.stack != null) for (LuaValue v : f.stack) if (v != null) sink.accept(v);
            if (f.v != null) for (int a = 1; a <= f.v.narg(); a++) sink.accept(f.v.arg(a));
        }
    }
}
