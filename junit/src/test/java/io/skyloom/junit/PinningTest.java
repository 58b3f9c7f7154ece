package io.skyloom.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.core.Context;
import io.skyloom.core.Message;
import io.skyloom.foreign.Skyloom;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * A virtual thread of the node that parks pinned to its carrier fails the test class,
 * naming the thread and where. Isolated: the pin it makes on purpose would be told to
 * every class running beside it.
 */
@org.junit.jupiter.api.parallel.Isolated
class PinningTest {

    @Test
    void aPinnedParkFailsTheClassWithTheThreadAndItsStack() {
        String failure = Kit.onlyFailure(Kit.run(Pins.class));
        assertThat(failure).contains("pinned to its carrier").contains("svc:").contains("SlowInit");
    }

    @Test
    void theCheckCanBeSwitchedOff() {
        assertThat(Kit.run(PinsTolerated.class).failed().count()).isZero();
    }

    /** A class initializer that parks: a virtual thread running it stays pinned (JDK 21 to 25 alike). */
    static final class SlowInit {
        static final long AT;

        static {
            try {
                Thread.sleep(60);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            AT = System.nanoTime();
        }
    }

    static final class SlowInitToo {
        static final long AT;

        static {
            try {
                Thread.sleep(60);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            AT = System.nanoTime();
        }
    }

    @Disabled("run by PinningTest")
    @SkyloomTest
    static class Pins {
        @Test
        void pinsAService(Skyloom node) {
            int h = node.newservice("pinner", (Context ctx, Message m) -> ctx.ret(new Object[] {SlowInit.AT}));
            node.foreign().call(h, "go");
        }
    }

    @Disabled("run by PinningTest")
    @SkyloomTest(failOnPinning = false)
    static class PinsTolerated {
        @Test
        void pinsAService(Skyloom node) {
            int h = node.newservice("pinner", (Context ctx, Message m) -> ctx.ret(new Object[] {SlowInitToo.AT}));
            node.foreign().call(h, "go");
        }
    }
}
