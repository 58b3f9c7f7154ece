package io.skyloom.lua.coroutine;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.Bit32Lib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/** Plain LuaJ states for the coroutine tests, and a way to run a step on a virtual thread. */
final class LuaStates {

    private LuaStates() {}

    /** A plain Globals with the usual libraries, then {@code coroutine} replaced by {@code lib}. */
    static Globals with(LuaValue lib) {
        Globals g = new Globals();
        g.load(new org.luaj.vm2.lib.BaseLib());
        g.load(new PackageLib());
        g.load(new Bit32Lib());
        g.load(new TableLib());
        g.load(new StringLib());
        g.load(new JseMathLib());
        LoadState.install(g);
        LuaC.install(g);
        g.load(lib);
        return g;
    }

    /** Runs {@code step} on a virtual thread of its own and returns its result. */
    static <T> T onVirtualThread(Callable<T> step) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofVirtual().name("test-task").start(() -> {
            try {
                f.complete(step.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) throw x;
            throw e;
        }
    }
}
