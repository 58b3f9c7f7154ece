package io.skyloom.lua;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LocVars;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * The name a traceback gives a function LuaJC compiled, read from where its parent
 * defines it: {@code local function f}, {@code function f} (a global),
 * {@code function t.f} / {@code t:f} (a field), or {@code local f = function}. Lua names
 * a function by the call that runs it; compiled frames keep no calls, so the place it
 * was made stands in, which is the same name in the common forms. A closure that goes
 * anywhere else (an argument, a table constructor) is named by its place, as Lua does.
 */
final class FunctionNames {

    private FunctionNames() {}

    /** A traceback's words for {@code parent.p[child]}: "function 'f'", else Lua's "function <file:12>". */
    static String label(Prototype parent, int child, String chunk) {
        String name = of(parent, child);
        return name != null ? "function '" + name + "'" : "function <" + chunk + ":" + parent.p[child].linedefined + ">";
    }

    /** The name of {@code parent.p[child]}, or null. */
    static String of(Prototype parent, int child) {
        int[] code = parent.code;
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            if (Lua.GET_OPCODE(i) != Lua.OP_CLOSURE || Lua.GETARG_Bx(i) != child) continue;
            int reg = Lua.GETARG_A(i);
            String local = localAt(parent, reg, pc + 1);
            if (local != null) return local;
            if (pc + 1 < code.length) return storedAs(parent, code[pc + 1], reg);
            return null;
        }
        return null;
    }

    /** The name of the local variable in register {@code reg} at {@code pc}, or null. */
    private static String localAt(Prototype p, int reg, int pc) {
        if (p.locvars == null) return null;
        int n = 0;
        for (LocVars v : p.locvars) {
            if (v.startpc > pc) break;
            if (pc < v.endpc) {
                if (n == reg) return v.varname.tojstring();
                n++;
            }
        }
        return null;
    }

    /** A global or field the next instruction stores register {@code reg} in, or null. */
    private static String storedAs(Prototype p, int next, int reg) {
        int op = Lua.GET_OPCODE(next);
        if ((op == Lua.OP_SETTABUP || op == Lua.OP_SETTABLE) && Lua.GETARG_C(next) == reg && Lua.ISK(Lua.GETARG_B(next))) {
            LuaValue key = p.k[Lua.INDEXK(Lua.GETARG_B(next))];
            return key.isstring() ? key.tojstring() : null;
        }
        return null;
    }
}
