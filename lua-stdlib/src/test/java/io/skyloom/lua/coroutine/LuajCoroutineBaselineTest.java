package io.skyloom.lua.coroutine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;

/**
 * LuaJ 3.0.1's own coroutine library under the same round-trip loop, for comparison in
 * the test output: a platform thread per coroutine, handed over with wait/notify.
 */
class LuajCoroutineBaselineTest {

    @Test
    void reportsLuajsOwnResumeYieldCostForComparison() throws Exception {
        Globals g = LuaStates.with(new org.luaj.vm2.lib.CoroutineLib());
        LuaValue loop = g.load("""
                local alive = {}
                for i = 1, 1000 do
                    local co = coroutine.create(function() coroutine.yield() end)
                    coroutine.resume(co)
                    alive[i] = co
                end
                local co = coroutine.create(function() while true do coroutine.yield() end end)
                local resume = coroutine.resume
                return function(n) for i = 1, n do resume(co) end end, alive
                """, "=baseline").invoke().arg1();
        assertThat(loop.isfunction()).isTrue();
        String fromPlatform = RoundTrip.measure(loop, 2_000);
        String fromVirtual = LuaStates.onVirtualThread(() -> RoundTrip.measure(loop, 2_000));
        System.out.printf("[LuaJ 3.0.1 library, 1,000 alive] resume+yield from a platform thread: %s; from a virtual thread: %s%n",
                fromPlatform, fromVirtual);
    }
}
