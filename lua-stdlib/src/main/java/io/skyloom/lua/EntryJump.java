package io.skyloom.lua;

import org.luaj.vm2.LocVars;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/**
 * Works around a LuaJC bug: a branch to a function's first instruction lands on the
 * method's start, before LuaJC's prologue that reads the arguments into locals. A
 * function that starts with a loop ({@code while true do ... end}, {@code repeat}) and
 * returns more than one value, or takes varargs, reads its arguments again on every
 * iteration, and by then LuaJC has replaced them by what follows them: loop variables
 * turn nil. Prepending a jump to the next instruction (a no-op) keeps every branch
 * target past the prologue. Only prototypes with such a branch are changed.
 */
final class EntryJump {

    private static final int NOOP_JUMP = Lua.OP_JMP | (Lua.MAXARG_sBx << Lua.POS_Bx);   // JMP A=0 sBx=0

    private EntryJump() {}

    /** Fixes {@code p} and its nested prototypes in place; returns {@code p}. */
    static Prototype fix(Prototype p) {
        if (jumpsToStart(p.code)) prepend(p);
        if (p.p != null) for (Prototype inner : p.p) fix(inner);
        return p;
    }

    static boolean jumpsToStart(int[] code) {
        for (int pc = 0; pc < code.length; pc++)
            if (Lua.GET_OPCODE(code[pc]) == Lua.OP_JMP && pc + 1 + Lua.GETARG_sBx(code[pc]) == 0) return true;
        return false;
    }

    // Relative jumps keep their targets: every instruction moves by one.
    private static void prepend(Prototype p) {
        int[] code = new int[p.code.length + 1];
        code[0] = NOOP_JUMP;
        System.arraycopy(p.code, 0, code, 1, p.code.length);
        p.code = code;
        if (p.lineinfo != null && p.lineinfo.length > 0) {
            int[] lines = new int[p.lineinfo.length + 1];
            lines[0] = p.lineinfo[0];
            System.arraycopy(p.lineinfo, 0, lines, 1, p.lineinfo.length);
            p.lineinfo = lines;
        }
        if (p.locvars != null)
            for (LocVars v : p.locvars) {
                // a parameter stays live from the start; everything else moves with its code
                if (v.startpc > 0) v.startpc++;
                v.endpc++;
            }
    }
}
