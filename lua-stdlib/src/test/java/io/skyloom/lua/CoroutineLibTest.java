package io.skyloom.lua;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** Lua 5.2 coroutine semantics on virtual threads, in a plain sandboxed state. */
class CoroutineLibTest {

    final Globals g = Sandbox.create(new ScriptFinder(io.skyloom.core.NodeConfig.defaults(), List.of()), List.of(),
            new StoppableDebugLib());
    final CoroutineLib lib = new CoroutineLib(g, () -> {});

    {
        lib.install();
    }

    Varargs run(String lua) {
        return g.load(lua, "=test").invoke();
    }

    @Test
    void valuesPassBothWaysThroughResumeAndYield() {
        Varargs r = run("""
                local co = coroutine.create(function(a, b)
                    local c = coroutine.yield(a + b, "first")
                    local d, e = coroutine.yield(c * 2)
                    return d .. e
                end)
                local s1 = coroutine.status(co)
                local ok1, x, y = coroutine.resume(co, 1, 2)
                local s2 = coroutine.status(co)
                local ok2, z = coroutine.resume(co, 10)
                local ok3, w = coroutine.resume(co, "a", "b")
                local ok4, err = coroutine.resume(co)
                return s1, ok1, x, y, s2, ok2, z, ok3, w, coroutine.status(co), ok4, err
                """);
        assertThat(r.tojstring(1)).isEqualTo("suspended");
        assertThat(r.arg(2).toboolean()).isTrue();
        assertThat(r.arg(3).toint()).isEqualTo(3);
        assertThat(r.tojstring(4)).isEqualTo("first");
        assertThat(r.tojstring(5)).isEqualTo("suspended");
        assertThat(r.arg(7).toint()).isEqualTo(20);
        assertThat(r.tojstring(9)).isEqualTo("ab");
        assertThat(r.tojstring(10)).isEqualTo("dead");
        assertThat(r.arg(11).toboolean()).isFalse();
        assertThat(r.tojstring(12)).isEqualTo("cannot resume dead coroutine");
    }

    @Test
    void statusRunningAndNormalAndNesting() {
        Varargs r = run("""
                local outer
                local log = {}
                local inner = coroutine.create(function()
                    log[#log + 1] = coroutine.status(outer)        -- normal: it resumed us
                    local me, main = coroutine.running()
                    log[#log + 1] = coroutine.status(me)           -- running
                    log[#log + 1] = tostring(main)
                    log[#log + 1] = tostring(coroutine.isyieldable())
                    coroutine.yield()
                end)
                outer = coroutine.create(function()
                    coroutine.resume(inner)
                    local third = coroutine.wrap(function() return "c" end)
                    log[#log + 1] = third()
                end)
                coroutine.resume(outer)
                local _, main = coroutine.running()
                log[#log + 1] = tostring(main)
                log[#log + 1] = tostring(coroutine.isyieldable())
                return table.concat(log, " ")
                """);
        assertThat(r.tojstring(1)).isEqualTo("normal running false true c true false");
    }

    @Test
    void errorsComeBackFromResumeAndWrapRaisesThem() {
        Varargs r = run("""
                local co = coroutine.create(function() error("inside") end)
                local ok, err = coroutine.resume(co)
                local ok2, err2 = pcall(coroutine.wrap(function() error({code = 7}) end))
                local ok3, err3 = pcall(coroutine.yield, 1)
                local ok4, err4 = coroutine.resume(coroutine.running())
                return ok, err, ok2, err2.code, ok3, err3, ok4, err4
                """);
        assertThat(r.arg(1).toboolean()).isFalse();
        assertThat(r.tojstring(2)).isEqualTo("test:1: inside");
        assertThat(r.arg(3).toboolean()).isFalse();
        assertThat(r.arg(4).toint()).isEqualTo(7);
        assertThat(r.arg(5).toboolean()).isFalse();
        assertThat(r.tojstring(6)).contains("outside a coroutine");
        assertThat(r.arg(7).toboolean()).isFalse();
        assertThat(r.tojstring(8)).isEqualTo("cannot resume non-suspended coroutine");
    }

    @Test
    void wrapDrivesAGenericForAndYieldCrossesPcall() {
        Varargs r = run("""
                local function range(n)
                    return coroutine.wrap(function()
                        for i = 1, n do
                            pcall(function() coroutine.yield(i) end)
                        end
                    end)
                end
                local sum = 0
                for i in range(100) do sum = sum + i end
                return sum
                """);
        assertThat(r.arg1().toint()).isEqualTo(5050);
    }

    @Test
    void aCoroutineMayBlockInJavaAndThenYield() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        g.set("block", new Prim.Fn("block", a -> {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return LuaValue.valueOf("unblocked");
        }));
        Thread.ofVirtual().start(gate::countDown);
        Varargs r = run("""
                local co = coroutine.create(function() local v = block(); coroutine.yield(v); return "end" end)
                local _, a = coroutine.resume(co)
                local _, b = coroutine.resume(co)
                return a, b
                """);
        assertThat(r.tojstring(1)).isEqualTo("unblocked");
        assertThat(r.tojstring(2)).isEqualTo("end");
    }

    @Test
    void tenThousandSuspendedCoroutinesAddNoPlatformThreads() {
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        Varargs r = run("""
                keep = {}
                for i = 1, 10000 do
                    local co = coroutine.create(function() coroutine.yield() end)
                    coroutine.resume(co)
                    keep[i] = co
                end
                return coroutine.status(keep[10000])
                """);
        assertThat(r.tojstring(1)).isEqualTo("suspended");
        assertThat(lib.live()).isEqualTo(10000);
        assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThanOrEqualTo(before + 4);
        lib.closeAll();
        waitFor(() -> lib.live() == 0);
    }

    @Test
    void droppedSuspendedCoroutinesGiveTheirThreadsBack() {
        run("""
                for i = 1, 1000 do
                    local co = coroutine.create(function() coroutine.yield() end)
                    coroutine.resume(co)
                end
                """);
        assertThat(lib.live()).isEqualTo(1000);
        waitFor(() -> {
            System.gc();
            return lib.live() == 0;
        });
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

}
