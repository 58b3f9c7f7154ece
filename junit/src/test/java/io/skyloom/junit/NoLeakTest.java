package io.skyloom.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Every node the extension starts is closed with its scope: none outlives the run of a
 * class. A node's timer thread ends when the node closes, so the JVM's "timer:" threads
 * tell. Isolated, so that no other class's nodes are alive meanwhile.
 */
@Isolated
class NoLeakTest {

    static Set<String> timerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("timer:")).collect(Collectors.toSet());
    }

    @Test
    void noNodeOutlivesTheClassesThatStartedIt() throws Exception {
        Set<String> before = timerThreads();
        assertThat(Kit.run(Mixed.class).failed().count()).isZero();
        assertThat(Kit.run(PerClassWithNested.class).failed().count()).isZero();
        Waits.awaitAssert(java.time.Duration.ofSeconds(3), () -> assertThat(timerThreads()).isSubsetOf(before));
    }

    @Disabled("run by NoLeakTest")
    @SkyloomTest(nodes = 2)
    static class Mixed {
        @Test
        void one(Skyloom node) {}

        @Test
        void two(Skyloom node, Stubs stubs, Probe probe) {
            stubs.stub(".x").when("y").reply(1L);
        }

        @Nested
        class Inner {
            @Test
            void three(Skyloom node) {}
        }
    }

    @Disabled("run by NoLeakTest")
    @SkyloomTest(lifecycle = SkyloomTest.Lifecycle.PER_CLASS)
    static class PerClassWithNested {
        @Test
        void one(Skyloom node) {}

        @Nested
        @SkyloomTest(lifecycle = SkyloomTest.Lifecycle.PER_CLASS, thread = 1)
        class OwnNode {
            @Test
            void two(Skyloom node) {}
        }

        @Nested
        class SharesOuter {
            @Test
            void three(Skyloom node) {}
        }
    }
}
