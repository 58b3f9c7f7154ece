package io.skyloom.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.Skyloom;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** How long a node lives: per method, per class (with @Nested), shared by a key; through a meta-annotation. */
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.SAME_THREAD)   // SEEN is one per class
class LifecycleTest {

    /** Runs an example class and returns the distinct node names its tests saw. */
    static Set<String> nodesSeenBy(Class<?> example) {
        SEEN.clear();
        var events = Kit.run(example);
        assertThat(events.failed().count()).as("failures: %s", events.failed().list()).isZero();
        return new HashSet<>(SEEN.values());
    }

    // Written by the examples (run one at a time by the tests below, each on its own engine).
    static final ConcurrentHashMap<String, String> SEEN = new ConcurrentHashMap<>();
    static final ConcurrentHashMap<String, Integer> WORKERS = new ConcurrentHashMap<>();

    @Test
    void perMethodGivesEveryTestAFreshNode() {
        assertThat(nodesSeenBy(PerMethod.class)).hasSize(2);
    }

    @Test
    void perMethodConstructorsGetTheirOwnTestsNode() {
        assertThat(nodesSeenBy(PerMethodConstructor.class)).hasSize(2);
        assertThat(SEEN).containsKeys("ctor:a", "a", "ctor:b", "b");
        assertThat(SEEN.get("ctor:a")).isEqualTo(SEEN.get("a"));
        assertThat(SEEN.get("ctor:b")).isEqualTo(SEEN.get("b"));
    }

    @Test
    void perClassSharesOneNodeWithNestedClassesAndTheConstructor() {
        assertThat(nodesSeenBy(PerClass.class)).hasSize(1);
        assertThat(SEEN).containsKeys("a", "b", "nested", "constructor");
    }

    @Test
    void sharedNodesSpanClassesNamingTheSameKeyAndCloseAtTheEnd() {
        SEEN.clear();
        var events = org.junit.platform.testkit.engine.EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
                .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(SharedOne.class),
                        org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(SharedTwo.class))
                .execute().allEvents();
        assertThat(events.failed().count()).isZero();
        assertThat(new HashSet<>(SEEN.values())).hasSize(1);
        assertThat(SEEN).containsKeys("one", "two");
    }

    @Test
    void aMetaAnnotationCarriesTheSettings() {
        assertThat(nodesSeenBy(ThroughMeta.class)).hasSize(1);
        assertThat(WORKERS.get("meta")).isEqualTo(3);
    }

    static void saw(String key, Skyloom node) {
        SEEN.put(key, node.node().name());
    }

    @Disabled("run by LifecycleTest")
    @SkyloomTest
    static class PerMethod {
        @Test
        void a(Skyloom node) { saw("a", node); }

        @Test
        void b(Skyloom node) { saw("b", node); }
    }

    @Disabled("run by LifecycleTest")
    @SkyloomTest(servicePath = "src/test/resources/lua", services = "account")
    static class PerMethodConstructor {
        final Skyloom node;
        final int account;

        PerMethodConstructor(Skyloom node, @Named("account") int account, org.junit.jupiter.api.TestInfo info) {
            this.node = node;
            this.account = account;
            saw("ctor:" + info.getTestMethod().orElseThrow().getName(), node);
        }

        @Test
        void a(Skyloom same, Probe probe) {
            assertThat(same).isSameAs(node);
            assertThat(node.alive(account)).isTrue();
            assertThat(probe.handle()).isNotZero();
            saw("a", same);
        }

        @Test
        void b(Skyloom same) {
            assertThat(same).isSameAs(node);
            saw("b", same);
        }
    }

    @Disabled("run by LifecycleTest")
    @SkyloomTest(lifecycle = SkyloomTest.Lifecycle.PER_CLASS)
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClass {
        PerClass(Skyloom node) { saw("constructor", node); }

        @Test
        void a(Skyloom node) { saw("a", node); }

        @Test
        void b(Skyloom node) { saw("b", node); }

        @Nested
        class Inner {
            @Inject Skyloom node;

            @Test
            void nested() { saw("nested", node); }
        }
    }

    @Disabled("run by LifecycleTest")
    @SkyloomTest(lifecycle = SkyloomTest.Lifecycle.SHARED, shared = "lifecycle-test")
    static class SharedOne {
        @Test
        void one(Skyloom node) { saw("one", node); }
    }

    @Disabled("run by LifecycleTest")
    @SkyloomTest(lifecycle = SkyloomTest.Lifecycle.SHARED, shared = "lifecycle-test")
    static class SharedTwo {
        @Test
        void two(Skyloom node) { saw("two", node); }
    }

    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @SkyloomTest(thread = 3)
    @interface ThreeWorkers {}

    @Disabled("run by LifecycleTest")
    @ThreeWorkers
    static class ThroughMeta {
        @Test
        void threads(Skyloom node) {
            saw("threads", node);
            WORKERS.put("meta", node.node().workers().size());
        }
    }
}
