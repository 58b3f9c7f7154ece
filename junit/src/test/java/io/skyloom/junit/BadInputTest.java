package io.skyloom.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** A bad annotation value fails the test at start, naming the attribute. */
class BadInputTest {

    @Test
    void threadZeroIsNamed() {
        assertThat(Kit.onlyFailure(Kit.run(ThreadZero.class))).contains("@SkyloomTest(thread = 0)").contains("at least 1");
    }

    @Test
    void aMissingLuaFolderIsNamed() {
        assertThat(Kit.onlyFailure(Kit.run(MissingFolder.class)))
                .contains("@SkyloomTest(servicePath = \"no/such/folder\")").contains("no such folder");
    }

    @Test
    void aMissingServiceIsNamed() {
        assertThat(Kit.onlyFailure(Kit.run(MissingService.class)))
                .contains("@SkyloomTest(services = \"nobody\")").contains("nobody");
    }

    @Test
    void virtualTimeMustBeAskedFor() {
        assertThat(Kit.onlyFailure(Kit.run(ClockOnRealTime.class))).contains("virtualTime = true");
    }

    @Test
    void aSharedNodeNeedsAKey() {
        assertThat(Kit.onlyFailure(Kit.run(SharedWithoutKey.class))).contains("@SkyloomTest(shared = \"\")");
    }

    @Disabled("run by BadInputTest")
    @SkyloomTest(thread = 0)
    static class ThreadZero {
        @Test
        void never() {}
    }

    @Disabled("run by BadInputTest")
    @SkyloomTest(servicePath = "no/such/folder")
    static class MissingFolder {
        @Test
        void never() {}
    }

    @Disabled("run by BadInputTest")
    @SkyloomTest(servicePath = "src/test/resources/lua", services = "nobody")
    static class MissingService {
        @Test
        void never() {}
    }

    @Disabled("run by BadInputTest")
    @SkyloomTest
    static class ClockOnRealTime {
        @Test
        void never(VirtualClock clock) {}
    }

    @Disabled("run by BadInputTest")
    @SkyloomTest(lifecycle = SkyloomTest.Lifecycle.SHARED)
    static class SharedWithoutKey {
        @Test
        void never() {}
    }
}
