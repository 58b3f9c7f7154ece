package org.luaj.vm2.lib;

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

    private static CallFrame push(CallStack cs) {
        if (cs.calls >= cs.frame.length) {
            int n = Math.max(4, cs.frame.length * 3 / 2);
            CallFrame[] grown = new CallFrame[n];
            System.arraycopy(cs.frame, 0, grown, 0, cs.frame.length);
            for (int i = cs.frame.length; i < n; i++) grown[i] = new CallFrame();
            for (int i = 1; i < n; i++) grown[i].previous = grown[i - 1];
            cs.frame = grown;
        }
        return cs.frame[cs.calls++];
    }
}
