package io.skyloom.lua;

import io.skyloom.core.Message;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;

/**
 * The primitives of {@code skynet.core} about one service's own tasks: what
 * {@code skynet.task}, {@code uniqtask}, {@code killthread}, {@code genid},
 * {@code context}, {@code tracelog} and {@code skynet.coroutine}'s "blocked" read.
 */
final class SkynetTasks {

    private SkynetTasks() {}

    static void install(LuaTable t, LuaService s) {
        Prim.put(t, "tasks", a -> {
            LuaTable out = new LuaTable();
            s.tasks.all().forEach((id, lua) -> out.set(id, lua));
            return out;
        });
        Prim.put(t, "taskcount", a -> LuaValue.valueOf(s.tasks.count()));
        Prim.put(t, "blocked", a -> LuaValue.valueOf(a.arg(1) instanceof LuaThread co && s.tasks.isParked(co)));
        Prim.put(t, "killthread", a -> {
            LuaValue target = a.arg(1);
            if (target.type() == LuaValue.TSTRING) {
                for (LuaThread co : s.tasks.named(target.tojstring())) if (s.tasks.kill(co)) return co;
                return LuaValue.NIL;
            }
            if (!(target instanceof LuaThread co))
                throw new LuaError("bad argument #1 to 'killthread' (thread or string expected, got " + target.typename() + ")");
            if (co == s.globals.running)
                throw new LuaError("bad argument #1 to 'killthread' (a task cannot kill itself: return, or skynet.exit)");
            return s.tasks.kill(co) ? co : LuaValue.NIL;
        });
        Prim.put(t, "ignoreret", a -> {
            try {
                s.current.response();   // taken and dropped: answered with an error when the service exits
            } catch (IllegalStateException noneOpen) {
                // a send, or answered already
            }
            return LuaValue.NONE;
        });
        Prim.put(t, "genid", a -> LuaValue.valueOf(s.tasks.genid()));
        // The protocol id of the request this task handles (nil in start, forks, timeouts):
        // retpack and response answer in it, as skynet's per-coroutine protocol table does.
        Prim.put(t, "reqtype", a -> {
            Message m = s.current.message();
            return m == null || m.type() < 0 ? LuaValue.NIL : LuaValue.valueOf(m.type());
        });
        Prim.put(t, "context", a -> {
            Message m = s.current.message();
            if (m == null || m.session() < 0 || m.type() < 0) return LuaValue.NONE;
            return LuaValue.varargsOf(LuaValue.valueOf(m.session()), SkynetCore.handle(m.source()));
        });
        Prim.put(t, "trace", a -> {
            String tag = a.checkjstring(1);
            String info = a.optjstring(2, "");
            s.host.log(s, "<TRACE " + tag + "> " + s.node.clock().hpc() / 1000 + " " + info);
            return LuaValue.NONE;
        });
    }
}
