package io.skyloom.lua;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;

/**
 * An estimate of the heap one Lua service holds: what its globals, the upvalues of the
 * functions they reach and the running task's frames reach, at about what each LuaJ
 * object costs on a 64-bit JVM with compressed pointers (a table 56 bytes and 40 per
 * entry, a string 40 plus its bytes, a number 16, a closure 24 plus 16 per upvalue,
 * an NDArray its data). The JVM keeps no account per thread of a virtual thread's
 * allocations, so this walk is how {@code skynet.memlimit} and
 * {@code collectgarbage("count")} see one service. Not counted: locals of tasks that
 * are parked (their frames are not reachable from here) and compiled code, which all
 * services running a file share. Run by the service's own task only.
 */
final class LuaMemory {

    private LuaMemory() {}

    /** The estimate in bytes, walking no further once it passes {@code stopAbove}. */
    static long estimate(LuaValue globals, Iterable<LuaValue> extraRoots, long stopAbove) {
        Walk w = new Walk(stopAbove);
        w.push(globals);
        for (LuaValue v : extraRoots) w.push(v);
        return w.run();
    }

    private static final class Walk {
        private final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        private final ArrayDeque<LuaValue> todo = new ArrayDeque<>();
        private final long stopAbove;
        private long bytes;

        Walk(long stopAbove) {
            this.stopAbove = stopAbove;
        }

        void push(LuaValue v) {
            if (v == null || v.isnil() || v.isboolean()) return;
            if (seen.put(v, Boolean.TRUE) == null) todo.push(v);
        }

        long run() {
            while (!todo.isEmpty() && bytes <= stopAbove) visit(todo.pop());
            return bytes;
        }

        private void visit(LuaValue v) {
            switch (v.type()) {
                case LuaValue.TNUMBER -> bytes += 16;
                case LuaValue.TSTRING -> bytes += 40 + ((LuaString) v.checkstring()).m_length;
                case LuaValue.TTABLE -> table((LuaTable) v);
                case LuaValue.TFUNCTION -> function(v);
                case LuaValue.TUSERDATA -> {
                    bytes += 24;
                    if (v instanceof LuaUserdata u && u.m_instance instanceof io.skyloom.numsky.NDArray a)
                        bytes += (long) a.size() * a.dtype().itemSize();
                    push(v.getmetatable());
                }
                default -> bytes += 64;      // a coroutine: its own stack is not reachable from here
            }
        }

        private void table(LuaTable t) {
            bytes += 56;
            if (t instanceof io.skyloom.lua.shared.SharedView) return;   // shared by the JVM, not this state's
            push(t.getmetatable());
            LuaValue k = LuaValue.NIL;
            for (;;) {
                Varargs e = t.next(k);
                if ((k = e.arg1()).isnil()) break;
                bytes += 40;
                push(k);
                push(e.arg(2));
                if (bytes > stopAbove) return;
            }
        }

        private void function(LuaValue f) {
            bytes += 24;
            if (f instanceof LuaClosure c && c.upValues != null) {
                for (UpValue u : c.upValues) {
                    if (u == null) continue;
                    bytes += 16;
                    push(u.getValue());
                }
                return;
            }
            if (f instanceof org.luaj.vm2.LuaFunction lf) {
                for (int i = 1, n = CompiledUpvalues.count(lf); i <= n; i++) {
                    bytes += 16;
                    push(CompiledUpvalues.get(lf, i));
                }
            }
        }
    }
}
