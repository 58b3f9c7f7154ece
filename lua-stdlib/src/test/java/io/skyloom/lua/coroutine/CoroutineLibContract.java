package io.skyloom.lua.coroutine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;

/**
 * The coroutine library's contract, run once per kind of strand by a thin subclass. Lua
 * 5.2 semantics, LuaJ's own readers of {@code globals.running}, blocking inside a body,
 * reclaiming dropped coroutines, and the host's current/restore API.
 */
abstract class CoroutineLibContract {

    abstract Strand.Factory strands();

    /** Checked by {@link #ownerIsCurrent}: the thread onSwitch last named as the task's. */
    private volatile Thread lastSwitch = Thread.currentThread();

    final CoroutineLib lib = newLib();
    final Globals g = LuaStates.with(lib);

    CoroutineLib newLib() {
        return new CoroutineLib(strands(), "co", () -> lastSwitch = Thread.currentThread(), null);
    }

    @AfterEach
    void closeCoroutines() {
        lib.closeAll();
    }

    Varargs run(String lua) {
        return g.load(lua, "=test").invoke();
    }

    // ---- values and status

    @Test
    void valuesPassBothWaysThroughResumeAndYieldExactly() {
        Varargs r = run("""
                local co = coroutine.create(function(a, b, ...)
                    local n = select('#', ...)
                    local c, d, e = coroutine.yield(a + b, nil, n)
                    local all = {coroutine.yield(c, d, e)}
                    return #all, nil, nil
                end)
                local r1 = {coroutine.resume(co, 1, 2, nil, nil)}
                local r2 = {coroutine.resume(co, "x", nil, false)}
                local r3 = table.pack(coroutine.resume(co, 7, 8, 9))
                return r1[1], r1[2], r1[3], r1[4], r2[2], r2[3], r2[4], r3.n, r3[2]
                """);
        assertThat(r.arg(1).toboolean()).isTrue();
        assertThat(r.arg(2).toint()).isEqualTo(3);
        assertThat(r.arg(3).isnil()).isTrue();
        assertThat(r.arg(4).toint()).as("trailing nils are counted").isEqualTo(2);
        assertThat(r.tojstring(5)).isEqualTo("x");
        assertThat(r.arg(6).isnil()).isTrue();
        assertThat(r.arg(7)).isEqualTo(LuaValue.FALSE);
        assertThat(r.arg(8).toint()).as("true plus three returned values, two of them nil").isEqualTo(4);
        assertThat(r.arg(9).toint()).isEqualTo(3);
    }

    @Test
    void statusIsSuspendedRunningNormalAndDead() {
        Varargs r = run("""
                local main = coroutine.running()
                local outer
                local inner = coroutine.create(function()
                    return coroutine.status(outer), coroutine.status(main)
                end)
                outer = coroutine.create(function()
                    local here = coroutine.status(outer)
                    local _, outerSeen, mainSeen = coroutine.resume(inner)
                    coroutine.yield(here, outerSeen, mainSeen)
                end)
                local before = coroutine.status(outer)
                local _, here, outerSeen, mainSeen = coroutine.resume(outer)
                local between = coroutine.status(outer)
                coroutine.resume(outer)
                return before, here, outerSeen, mainSeen, between, coroutine.status(outer), coroutine.status(main)
                """);
        assertThat(List.of(r.tojstring(1), r.tojstring(2), r.tojstring(3), r.tojstring(4), r.tojstring(5),
                r.tojstring(6), r.tojstring(7)))
                .containsExactly("suspended", "running", "normal", "normal", "suspended", "dead", "running");
    }

    @Test
    void resumeOfDeadCoroutineReturnsFalseAndMessage() {
        Varargs r = run("""
                local co = coroutine.create(function() return 1 end)
                coroutine.resume(co)
                return coroutine.resume(co)
                """);
        assertThat(r.arg1()).isEqualTo(LuaValue.FALSE);
        assertThat(r.tojstring(2)).isEqualTo("cannot resume dead coroutine");
    }

    @Test
    void resumeOfRunningCoroutineFailsAsNonSuspended() {
        Varargs r = run("""
                local co
                co = coroutine.create(function() return coroutine.resume(co) end)
                return coroutine.resume(co)
                """);
        assertThat(r.arg1()).isEqualTo(LuaValue.TRUE);
        assertThat(r.arg(2)).isEqualTo(LuaValue.FALSE);
        assertThat(r.tojstring(3)).isEqualTo("cannot resume non-suspended coroutine");
    }

    @Test
    void resumeOfNormalCoroutineFailsAsNonSuspended() {
        Varargs r = run("""
                local a, b
                b = coroutine.create(function() return coroutine.resume(a) end)
                a = coroutine.create(function() return coroutine.resume(b) end)
                local _, _, ok, msg = coroutine.resume(a)
                return ok, msg
                """);
        assertThat(r.arg1()).isEqualTo(LuaValue.FALSE);
        assertThat(r.tojstring(2)).isEqualTo("cannot resume non-suspended coroutine");
    }

    @Test
    void resumeOfTheMainThreadFailsAsNonSuspended() {
        Varargs r = run("""
                local main = coroutine.running()
                return select(2, coroutine.resume(coroutine.create(function() return coroutine.resume(main) end)))
                """);
        assertThat(r.arg1()).isEqualTo(LuaValue.FALSE);
        assertThat(r.tojstring(2)).isEqualTo("cannot resume non-suspended coroutine");
    }

    @Test
    void yieldOutsideACoroutineRaises() {
        assertThatThrownBy(() -> run("coroutine.yield(1)"))
                .isInstanceOf(LuaError.class)
                .hasMessageContaining("attempt to yield from outside a coroutine");
        assertThat(lib.current().isMainThread()).isTrue();
    }

    @Test
    void runningGivesTheCoroutineAndFalseInsideAndTheMainThreadAndTrueOutside() {
        Varargs r = run("""
                local main, ismain = coroutine.running()
                local co
                co = coroutine.create(function()
                    local me, mainflag = coroutine.running()
                    return me == co, mainflag
                end)
                local _, same, flag = coroutine.resume(co)
                local after, ismainAfter = coroutine.running()
                return type(main), ismain, same, flag, after == main, ismainAfter
                """);
        assertThat(r.tojstring(1)).isEqualTo("thread");
        assertThat(r.arg(2)).isEqualTo(LuaValue.TRUE);
        assertThat(r.arg(3)).isEqualTo(LuaValue.TRUE);
        assertThat(r.arg(4)).isEqualTo(LuaValue.FALSE);
        assertThat(r.arg(5)).isEqualTo(LuaValue.TRUE);
        assertThat(r.arg(6)).isEqualTo(LuaValue.TRUE);
    }

    @Test
    void isyieldableIsTrueOnlyInsideACoroutine() {
        Varargs r = run("""
                local outside = coroutine.isyieldable()
                local _, inside = coroutine.resume(coroutine.create(function() return coroutine.isyieldable() end))
                return outside, inside
                """);
        assertThat(r.arg1()).isEqualTo(LuaValue.FALSE);
        assertThat(r.arg(2)).isEqualTo(LuaValue.TRUE);
    }

    @Test
    void badArgumentsRaiseLuaErrors() {
        assertThatThrownBy(() -> run("coroutine.create(1)")).isInstanceOf(LuaError.class).hasMessageContaining("function");
        assertThatThrownBy(() -> run("coroutine.resume({})")).isInstanceOf(LuaError.class).hasMessageContaining("thread");
        assertThatThrownBy(() -> run("coroutine.status(nil)")).isInstanceOf(LuaError.class).hasMessageContaining("thread");
        assertThatThrownBy(() -> run("coroutine.wrap('f')")).isInstanceOf(LuaError.class).hasMessageContaining("function");
    }

    @Test
    void theLibraryReplacesLuajsInGlobalsAndPackageLoaded() {
        Varargs r = run("return coroutine == package.loaded.coroutine, coroutine.isyieldable ~= nil");
        assertThat(r.arg1()).isEqualTo(LuaValue.TRUE);
        assertThat(r.arg(2)).isEqualTo(LuaValue.TRUE);
    }

    // ---- errors

    @Test
    void anErrorInsideTheBodyComesBackWithItsPositionAsPcallWouldGiveIt() {
        Varargs r = run("""
                local co = coroutine.create(function()
                    error("boom")
                end)
                local ok, msg = coroutine.resume(co)
                local _, pmsg = pcall(function()
                    error("boom")
                end)
                return ok, msg, pmsg, coroutine.status(co)
                """);
        assertThat(r.arg1()).isEqualTo(LuaValue.FALSE);
        assertThat(r.tojstring(2)).contains("test:2").contains("boom");
        assertThat(r.tojstring(2).replace("test:2", "test:6")).isEqualTo(r.tojstring(3));
        assertThat(r.tojstring(4)).isEqualTo("dead");
        assertThat(lib.current().isMainThread()).as("running is the main thread again").isTrue();
    }

    @Test
    void aNonStringErrorValueComesBackAsTheSameValue() {
        Varargs r = run("""
                local e = {code = 42}
                local ok, got = coroutine.resume(coroutine.create(function() error(e) end))
                local wok, wgot = pcall(coroutine.wrap(function() error(e) end))
                return ok, got == e, wok, wgot == e
                """);
        assertThat(r.arg1()).isEqualTo(LuaValue.FALSE);
        assertThat(r.arg(2)).isEqualTo(LuaValue.TRUE);
        assertThat(r.arg(3)).isEqualTo(LuaValue.FALSE);
        assertThat(r.arg(4)).isEqualTo(LuaValue.TRUE);
    }

    @Test
    void aJavaExceptionInsideTheBodyBecomesAFalseResultLikePcall() {
        g.set("explode", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                throw new IllegalStateException("java side failed");
            }
        });
        Varargs r = run("return coroutine.resume(coroutine.create(function() explode() end))");
        assertThat(r.arg1()).isEqualTo(LuaValue.FALSE);
        assertThat(r.tojstring(2)).contains("java side failed");
    }

    @Test
    void aJavaErrorInsideTheBodyUnwindsTheResumerToo() {
        AssertionError fatal = new AssertionError("not Lua's business");
        g.set("explode", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                throw fatal;
            }
        });
        run("co = coroutine.create(function() explode() end)");
        assertThatThrownBy(() -> run("pcall(coroutine.resume, co)")).isSameAs(fatal);
        assertThat(run("return coroutine.status(co)").tojstring(1)).isEqualTo("dead");
        assertThat(lib.current().isMainThread()).isTrue();
        assertThat(lib.current().getStatus()).isEqualTo("running");
    }

    @Test
    void aStackOverflowInsideTheBodyIsReportedToResume() {
        Varargs r = run("""
                local function deep(n) return 1 + deep(n + 1) end
                return coroutine.resume(coroutine.create(function() return deep(1) end))
                """);
        assertThat(r.arg1()).isEqualTo(LuaValue.FALSE);
        assertThat(r.tojstring(2)).contains("stack overflow");
    }

    @Test
    void wrapRaisesTheCoroutinesErrorWithItsPosition() {
        Varargs r = run("""
                local f = coroutine.wrap(function()
                    coroutine.yield(1)
                    error("inside")
                end)
                local first = f()
                local ok, msg = pcall(f)
                local ok2, msg2 = pcall(f)
                return first, ok, msg, ok2, msg2
                """);
        assertThat(r.arg1().toint()).isEqualTo(1);
        assertThat(r.arg(2)).isEqualTo(LuaValue.FALSE);
        assertThat(r.tojstring(3)).as("the position inside, given once").endsWith("test:3 inside")
                .doesNotContain("test:7");
        assertThat(r.arg(4)).isEqualTo(LuaValue.FALSE);
        assertThat(r.tojstring(5)).isEqualTo("cannot resume dead coroutine");
    }

    @Test
    void wrapErrorsReachAnXpcallHandlerOfTheCaller() {
        Varargs r = run("""
                local f = coroutine.wrap(function() error("inside") end)
                return xpcall(f, function(m) return "handled: " .. m end)
                """);
        assertThat(r.arg1()).isEqualTo(LuaValue.FALSE);
        assertThat(r.tojstring(2)).startsWith("handled: ").contains("inside");
    }

    @Test
    void xpcallInsideACoroutineUsesTheCoroutinesOwnHandler() {
        Varargs r = run("""
                local co = coroutine.create(function()
                    return xpcall(function()
                        coroutine.yield("paused")
                        error("late")
                    end, function(m) return "co handler: " .. m end)
                end)
                local _, paused = coroutine.resume(co)
                local mainok, mainmsg = pcall(error, "main error")
                local _, ok, msg = coroutine.resume(co)
                return paused, mainmsg, ok, msg
                """);
        assertThat(r.tojstring(1)).isEqualTo("paused");
        assertThat(r.tojstring(2)).as("the main thread has no handler").doesNotContain("co handler");
        assertThat(r.arg(3)).isEqualTo(LuaValue.FALSE);
        assertThat(r.tojstring(4)).startsWith("co handler: ").contains("late");
    }

    // ---- shapes of use

    @Test
    void nestedCoroutinesPassValuesThroughEachLevel() {
        Varargs r = run("""
                local log = {}
                local c = coroutine.create(function(x)
                    log[#log + 1] = "c got " .. x
                    local y = coroutine.yield(x * 10)
                    log[#log + 1] = "c resumed with " .. y
                    return "c done"
                end)
                local b = coroutine.create(function(x)
                    local _, v = coroutine.resume(c, x + 1)
                    local got = coroutine.yield(v + 1)
                    local _, cdone = coroutine.resume(c, got)
                    return cdone .. ", b done"
                end)
                local a = coroutine.create(function(x)
                    local _, v = coroutine.resume(b, x + 1)
                    local got = coroutine.yield(v + 1)
                    local _, bdone = coroutine.resume(b, got)
                    return bdone .. ", a done"
                end)
                local _, first = coroutine.resume(a, 1)
                local _, last = coroutine.resume(a, "hello")
                return first, last, table.concat(log, "; "), coroutine.status(a), coroutine.status(b), coroutine.status(c)
                """);
        assertThat(r.arg1().toint()).isEqualTo(32);
        assertThat(r.tojstring(2)).isEqualTo("c done, b done, a done");
        assertThat(r.tojstring(3)).isEqualTo("c got 3; c resumed with hello");
        assertThat(List.of(r.tojstring(4), r.tojstring(5), r.tojstring(6))).containsOnly("dead");
        assertThat(lib.liveCount()).isZero();
    }

    @Test
    void aBodyYieldsAcrossPcallAndPcallStillCatchesItsErrors() {
        Varargs r = run("""
                local co = coroutine.create(function()
                    local ok, err = pcall(function()
                        local v = coroutine.yield("in pcall")
                        error("after " .. v)
                    end)
                    return ok, err
                end)
                local _, first = coroutine.resume(co)
                local done, ok, err = coroutine.resume(co, "resume")
                return first, done, ok, err
                """);
        assertThat(r.tojstring(1)).isEqualTo("in pcall");
        assertThat(r.arg(2)).isEqualTo(LuaValue.TRUE);
        assertThat(r.arg(3)).isEqualTo(LuaValue.FALSE);
        assertThat(r.tojstring(4)).contains("after resume");
    }

    @Test
    void aBodyYieldsFromInsideAJavaCallback() {
        Varargs r = run("""
                local co = coroutine.wrap(function()
                    local t = {3, 1, 2}
                    table.sort(t, function(a, b) coroutine.yield("compare") return a < b end)
                    return table.concat(t, ",")
                end)
                local n, last = 0, nil
                repeat last = co(); n = n + 1 until last ~= "compare"
                return last, n > 1
                """);
        assertThat(r.tojstring(1)).isEqualTo("1,2,3");
        assertThat(r.arg(2)).isEqualTo(LuaValue.TRUE);
    }

    @Test
    void wrapDrivesAGenericForLoop() {
        Varargs r = run("""
                local function range(n)
                    return coroutine.wrap(function()
                        for i = 1, n do coroutine.yield(i, i * i) end
                    end)
                end
                local out = {}
                for i, sq in range(5) do out[#out + 1] = i .. "=" .. sq end
                return table.concat(out, " ")
                """);
        assertThat(r.tojstring(1)).isEqualTo("1=1 2=4 3=9 4=16 5=25");
    }

    @Test
    void javaCanResumeThroughLuaThreadResume() {
        LuaThread co = (LuaThread) run("return coroutine.create(function(a) local b = coroutine.yield(a * 2) return b + 1 end)").arg1();
        Varargs first = co.resume(LuaValue.valueOf(21));
        Varargs second = co.resume(LuaValue.valueOf(9));
        assertThat(first.arg(2).toint()).isEqualTo(42);
        assertThat(second.arg(2).toint()).isEqualTo(10);
        assertThat(co.getStatus()).isEqualTo("dead");
    }

    @Test
    void aCoroutineIsResumedByAnotherTaskThanTheOneThatCreatedIt() throws Exception {
        run("co = coroutine.create(function() local n = 0 while true do n = n + coroutine.yield(n) end end)");
        run("coroutine.resume(co)");
        Varargs r = LuaStates.onVirtualThread(() -> run("return coroutine.resume(co, 5)"));
        Varargs r2 = run("return coroutine.resume(co, 6)");
        assertThat(r.arg(2).toint()).isEqualTo(5);
        assertThat(r2.arg(2).toint()).isEqualTo(11);
    }

    // ---- blocking inside a body

    @Test
    void aBodyThatBlocksInAJavaFunctionThenYieldsIsSeenInOrder() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        g.set("note", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue s) {
                events.add(s.tojstring());
                return NIL;
            }
        });
        g.set("block", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                events.add("blocking");
                blocked.countDown();
                await(release);
                events.add("unblocked");
                return valueOf("from java");
            }
        });
        Thread releaser = Thread.ofVirtual().start(() -> {
            await(blocked);
            events.add("releasing");
            release.countDown();
        });
        Varargs r = LuaStates.onVirtualThread(() -> run("""
                note("before")
                local co = coroutine.create(function()
                    note("in body")
                    local v = block()
                    note("after block: " .. v)
                    local w = coroutine.yield("y1")
                    note("resumed with " .. w)
                    return "done"
                end)
                local _, y = coroutine.resume(co)
                note("resume gave " .. y)
                local _, d = coroutine.resume(co, "w")
                note("resume gave " .. d)
                return coroutine.status(co)
                """));
        releaser.join();
        assertThat(r.tojstring(1)).isEqualTo("dead");
        assertThat(events).containsExactly("before", "in body", "blocking", "releasing", "unblocked",
                "after block: from java", "resume gave y1", "resumed with w", "resume gave done");
    }

    @Test
    void aBodyThatParksOnAVirtualThreadPinsNoCarrier() throws Exception {
        g.set("pause", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                LockSupport.parkNanos(50_000);
                return NIL;
            }
        });
        LuaValue loop = run("""
                return function(n)
                    for i = 1, n do
                        local co = coroutine.create(function() pause() coroutine.yield() pause() end)
                        coroutine.resume(co)
                        coroutine.resume(co)
                    end
                end
                """).arg1();
        LuaStates.onVirtualThread(() -> loop.call(LuaValue.valueOf(50)));   // class initialisation may pin once
        Path file = Files.createTempFile("pinned", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO);
            recording.start();
            LuaStates.onVirtualThread(() -> loop.call(LuaValue.valueOf(200)));
            recording.stop();
            recording.dump(file);
            assertThat(RecordingFile.readAllEvents(file))
                    .filteredOn(e -> e.getEventType().getName().equals("jdk.VirtualThreadPinned"))
                    .isEmpty();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void onSwitchNamesTheThreadThatRunsTheTaskWheneverLuaRuns() {
        AtomicBoolean allCurrent = new AtomicBoolean(true);
        g.set("check", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                if (lastSwitch != Thread.currentThread()) allCurrent.set(false);
                return NIL;
            }
        });
        lastSwitch = Thread.currentThread();
        run("""
                local inner = coroutine.wrap(function() check() coroutine.yield() check() end)
                local co = coroutine.wrap(function()
                    check(); inner(); check(); coroutine.yield(); check(); inner(); check()
                end)
                check(); co(); check(); co(); check()
                """);
        assertThat(allCurrent).isTrue();
    }

    // ---- globals.running for LuaJ's own readers, and for the host

    @Test
    void debugTracebackSeesTheCoroutinesFramesAndLeavesTheResumersIntact() {
        g.load(new DebugLib());
        Varargs r = run("""
                local function inside()
                    coroutine.yield(debug.traceback("in co"))
                end
                local co = coroutine.create(function() inside() end)
                local function resumer()
                    local _, tb = coroutine.resume(co)
                    return tb, debug.traceback("in main")
                end
                return resumer()
                """);
        assertThat(r.tojstring(1)).contains("test:2").doesNotContain("test:6");
        assertThat(r.tojstring(2)).contains("test:7").doesNotContain("test:2");
    }

    @Test
    void killingCoroutinesLeavesTheCallerFramesIntact() {
        g.load(new DebugLib());
        g.set("closeAll", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                lib.closeAll();
                return NIL;
            }
        });
        Varargs r = run("""
                local function deep(n) if n == 0 then coroutine.yield() else deep(n - 1) end end
                local function caller()
                    for i = 1, 5 do
                        coroutine.resume(coroutine.create(function() pcall(deep, 10) end))
                    end
                    local before = debug.traceback("x")
                    closeAll()
                    return before, debug.traceback("x")
                end
                return caller()
                """);
        assertThat(r.tojstring(2)).isEqualTo(r.tojstring(1).replace("test:6", "test:8"));
        assertThat(lib.liveCount()).isZero();
    }

    @Test
    void runningIsRestoredForEachTaskThatSharesTheGlobals() throws Exception {
        java.util.concurrent.Semaphore baton = new java.util.concurrent.Semaphore(1);
        CountDownLatch aBlocked = new CountDownLatch(1), bBlocked = new CountDownLatch(1);
        CountDownLatch aGo = new CountDownLatch(1), bGo = new CountDownLatch(1);
        // A blocking primitive as the host writes it: give up the baton, wait, take it back, restore.
        g.set("block", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue who) {
                LuaThread me = lib.current();
                boolean a = who.tojstring().equals("A");
                baton.release();
                (a ? aBlocked : bBlocked).countDown();
                await(a ? aGo : bGo);
                baton.acquireUninterruptibly();
                lib.restore(me);
                return NIL;
            }
        });
        String task = """
                local who = ...
                local main = coroutine.running()
                local co
                co = coroutine.create(function()
                    block(who)
                    local me, ismain = coroutine.running()
                    local v = coroutine.yield(me == co and not ismain and coroutine.isyieldable())
                    return v .. " back in " .. who
                end)
                local _, sawItself = coroutine.resume(co)
                local afterYield = coroutine.running() == main
                local _, last = coroutine.resume(co, "value")
                return sawItself, afterYield, last, coroutine.running() == main
                """;
        var a = new java.util.concurrent.CompletableFuture<Varargs>();
        var b = new java.util.concurrent.CompletableFuture<Varargs>();
        startTask(baton, task, "A", a);
        await(aBlocked);
        startTask(baton, task, "B", b);
        await(bBlocked);
        aGo.countDown();
        Varargs ra = a.get(30, TimeUnit.SECONDS);
        bGo.countDown();
        Varargs rb = b.get(30, TimeUnit.SECONDS);
        for (var r : List.of(ra, rb)) {
            assertThat(r.arg1()).as("the coroutine sees itself after blocking").isEqualTo(LuaValue.TRUE);
            assertThat(r.arg(2)).as("its yield went to its own resumer").isEqualTo(LuaValue.TRUE);
            assertThat(r.arg(4)).isEqualTo(LuaValue.TRUE);
        }
        assertThat(ra.tojstring(3)).isEqualTo("value back in A");
        assertThat(rb.tojstring(3)).isEqualTo("value back in B");
    }

    private void startTask(java.util.concurrent.Semaphore baton, String lua, String who,
                           java.util.concurrent.CompletableFuture<Varargs> result) {
        Thread.ofVirtual().name("task-" + who).start(() -> {
            baton.acquireUninterruptibly();
            try {
                lib.restore(new LuaThread(g));   // a main Lua thread of its own, as the host gives each task
                result.complete(g.load(lua, "=task").invoke(LuaValue.valueOf(who)));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                baton.release();
            }
        });
    }

    @Test
    void aYieldFromATaskThatDidNotRestoreRunningFailsAndLeavesTheCoroutineAlone() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1), go = new CountDownLatch(1);
        g.set("block", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                LuaThread me = lib.current();
                blocked.countDown();
                await(go);
                lib.restore(me);
                return NIL;
            }
        });
        var a = new java.util.concurrent.CompletableFuture<Varargs>();
        Thread.ofVirtual().start(() -> {
            try {
                a.complete(run("""
                        co = coroutine.create(function() block() coroutine.yield("from co") return "end" end)
                        local _, y = coroutine.resume(co)
                        local _, e = coroutine.resume(co)
                        return y, e
                        """));
            } catch (Throwable t) {
                a.completeExceptionally(t);
            }
        });
        await(blocked);
        // This thread now runs Lua while globals.running still names A's coroutine: the FACTS
        // bug where B's yield suspended A's coroutine. It must fail instead.
        LuaThread stale = lib.current();
        assertThatThrownBy(() -> run("coroutine.yield('stray')")).hasMessageContaining("suspend");
        assertThat(stale.getStatus()).isEqualTo("running");
        lib.restore(new LuaThread(g));
        go.countDown();
        Varargs r = a.get(30, TimeUnit.SECONDS);
        assertThat(r.tojstring(1)).isEqualTo("from co");
        assertThat(r.tojstring(2)).isEqualTo("end");
    }

    @Test
    void twoJavaThreadsEachDriveTheirOwnGlobalsAtOnce() throws Exception {
        String lua = """
                local n = ...
                local co = coroutine.wrap(function() local s = 0 while true do s = s + coroutine.yield(s) end end)
                co()
                local last
                for i = 1, n do last = co(i) end
                return last
                """;
        CountDownLatch start = new CountDownLatch(1);
        var results = new java.util.concurrent.ConcurrentHashMap<Integer, Long>();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int id = t;
            CoroutineLib own = newLib();
            Globals state = LuaStates.with(own);
            threads.add(Thread.ofPlatform().start(() -> {
                await(start);
                results.put(id, state.load(lua, "=t").invoke(LuaValue.valueOf(20_000)).arg1().tolong());
                own.closeAll();
            }));
        }
        start.countDown();
        for (Thread t : threads) t.join(60_000);
        assertThat(results).containsEntry(0, 200_010_000L).containsEntry(1, 200_010_000L);
    }

    // ---- what a coroutine costs, and getting it back

    @Test
    void tenThousandSuspendedCoroutinesAddNoPlatformThreads() {
        var mx = ManagementFactory.getThreadMXBean();
        run("local co = coroutine.create(function() coroutine.yield() end) coroutine.resume(co) coroutine.resume(co)");
        int before = mx.getThreadCount();
        long heapBefore = usedHeapAfterGc();
        run("""
                held = {}
                for i = 1, 10000 do
                    local co = coroutine.create(function(x) coroutine.yield(x) end)
                    coroutine.resume(co, i)
                    held[i] = co
                end
                """);
        int after = mx.getThreadCount();
        System.out.printf("[%s strand] 10,000 suspended coroutines: %+d platform threads, about %d bytes of heap each%n",
                lib.strandKind(), after - before, (usedHeapAfterGc() - heapBefore) / 10_000);
        assertThat(lib.liveCount()).isEqualTo(10_000);
        assertThat(after - before).as("platform threads added").isLessThanOrEqualTo(4);
        lib.closeAll();
        assertThat(lib.liveCount()).isZero();
        assertThat(run("return coroutine.status(held[1]), coroutine.resume(held[2])"))
                .satisfies(r -> assertThat(r.tojstring(1)).isEqualTo("dead"))
                .satisfies(r -> assertThat(r.tojstring(3)).isEqualTo("cannot resume dead coroutine"));
    }

    @Test
    void droppedSuspendedCoroutinesAreReclaimed() {
        run("""
                local held = {}
                for i = 1, 1000 do
                    local co = coroutine.create(function(x) local t = {x} coroutine.yield(x) error("never resumed") end)
                    coroutine.resume(co, i)
                    held[i] = co
                end
                """);
        assertThat(lib.liveCount()).isEqualTo(1000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (lib.liveCount() > 0 && System.nanoTime() < deadline) {
            System.gc();
            lib.reapOrphans();
            Thread.onSpinWait();
        }
        assertThat(lib.liveCount()).isZero();
    }

    @Test
    void aKilledCoroutineUnwindsPastPcallWithoutRunningMoreLua() {
        run("""
                after = "untouched"
                co = coroutine.create(function()
                    local ok = pcall(function() coroutine.yield() end)
                    after = "pcall caught the kill"
                end)
                coroutine.resume(co)
                """);
        lib.closeAll();
        Varargs r = run("return after, coroutine.status(co), coroutine.resume(co)");
        assertThat(r.tojstring(1)).isEqualTo("untouched");
        assertThat(r.tojstring(2)).isEqualTo("dead");
        assertThat(r.tojstring(4)).isEqualTo("cannot resume dead coroutine");
        assertThat(lib.current().isMainThread()).isTrue();
    }

    @Test
    void closeAllFromInsideACoroutineLeavesTheRunningOnesToFinish() {
        g.set("closeAll", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                lib.closeAll();
                return NIL;
            }
        });
        Varargs r = run("""
                local idle = coroutine.create(function() coroutine.yield() end)
                coroutine.resume(idle)
                local co = coroutine.create(function() closeAll() coroutine.yield("still here") return "finished" end)
                local _, a = coroutine.resume(co)
                local _, b = coroutine.resume(co)
                return a, b, coroutine.status(idle)
                """);
        assertThat(r.tojstring(1)).isEqualTo("still here");
        assertThat(r.tojstring(2)).isEqualTo("finished");
        assertThat(r.tojstring(3)).isEqualTo("dead");
    }

    // ---- cost, printed for the report (no timed assertion)

    @Test
    void reportsTheCostOfAResumeYieldRoundTrip() throws Exception {
        LuaValue loop = run("""
                alive = {}
                for i = 1, 1000 do
                    local co = coroutine.create(function() coroutine.yield() end)
                    coroutine.resume(co)
                    alive[i] = co
                end
                local co = coroutine.create(function() while true do coroutine.yield() end end)
                local resume = coroutine.resume
                return function(n) for i = 1, n do resume(co) end end
                """).arg1();
        String fromPlatform = RoundTrip.measure(loop, 20_000);
        String fromVirtual = LuaStates.onVirtualThread(() -> RoundTrip.measure(loop, 20_000));
        System.out.printf("[%s strand, 1,000 alive] resume+yield from a platform thread: %s; from a virtual thread: %s%n",
                lib.strandKind(), fromPlatform, fromVirtual);
    }

    static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("latch timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
