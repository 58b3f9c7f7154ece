package io.skyloom.lua.coroutine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A strand may refuse to suspend (a continuation pinned by a native frame, or by a
 * monitor before JDK 24): the yield is then a Lua error inside a coroutine that is still
 * running, as Lua 5.2 reports a yield across a C call.
 */
class RefusedYieldTest {

    /** Virtual-thread strands that refuse every suspend. */
    static final Strand.Factory REFUSING = new Strand.Factory() {
        @Override
        public Strand create(Runnable body, String name) {
            Strand real = VirtualThreadStrand.FACTORY.create(body, name);
            return new Strand() {
                @Override
                public void resume() {
                    real.resume();
                }

                @Override
                public void suspend() {
                    throw new LuaError("attempt to yield across a C-call boundary (Pinned: NATIVE)");
                }
            };
        }

        @Override
        public String kind() {
            return "refusing";
        }
    };

    @Test
    void aRefusedYieldIsALuaErrorAndTheCoroutineKeepsRunning() {
        CoroutineLib lib = new CoroutineLib(REFUSING, "co", () -> {}, null);
        Globals g = LuaStates.with(lib);
        Varargs r = g.load("""
                local co = coroutine.create(function()
                    local ok, err = pcall(coroutine.yield, "never")
                    return ok, err, coroutine.status(coroutine.running()), "went on"
                end)
                return coroutine.resume(co)
                """, "=test").invoke();
        assertThat(r.arg1()).isEqualTo(LuaValue.TRUE);
        assertThat(r.arg(2)).isEqualTo(LuaValue.FALSE);
        assertThat(r.tojstring(3)).contains("attempt to yield across a C-call boundary");
        assertThat(r.tojstring(4)).isEqualTo("running");
        assertThat(r.tojstring(5)).isEqualTo("went on");
        assertThat(lib.liveCount()).isZero();
    }
}
