package io.skyloom.lua.coroutine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The strands' memory-model claim: a hand-off publishes every plain write made before it
 * and only one side runs at a time. Forbidden outcomes, each counted as a fault: the body
 * reads a value other than the one the resumer wrote just before resume; the resumer reads
 * a value other than the one the body wrote just before suspend; both sides are between
 * hand-offs at once.
 */
class StrandStressTest {

    static Stream<Strand.Factory> strands() {
        return ContinuationStrand.available()
                ? Stream.of(VirtualThreadStrand.FACTORY, ContinuationStrand.FACTORY)
                : Stream.of(VirtualThreadStrand.FACTORY);
    }

    /** Written and read without volatile: only the hand-off orders them. */
    static final class Shared {
        int toBody;
        int toResumer;
    }

    @ParameterizedTest
    @MethodSource("strands")
    void handOffsPublishPlainWritesAndNeverLetBothSidesRun(Strand.Factory strands) throws Exception {
        int tasks = 8, rounds = 20_000;
        AtomicInteger faults = new AtomicInteger();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            done.add(f);
            Thread.ofVirtual().start(() -> {
                try {
                    oneTask(strands, rounds, faults);
                    f.complete(null);
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            });
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        assertThat(faults).hasValue(0);
    }

    private static void oneTask(Strand.Factory strands, int rounds, AtomicInteger faults) {
        Shared shared = new Shared();
        AtomicInteger inside = new AtomicInteger();
        Strand[] strand = new Strand[1];
        strand[0] = strands.create(() -> {
            for (int i = 0; i < rounds; i++) {
                if (inside.incrementAndGet() != 1) faults.incrementAndGet();
                if (shared.toBody != i) faults.incrementAndGet();
                shared.toResumer = -i;
                inside.decrementAndGet();
                strand[0].suspend();
            }
        }, "stress");
        for (int i = 0; i < rounds; i++) {
            if (inside.incrementAndGet() != 1) faults.incrementAndGet();
            shared.toBody = i;
            inside.decrementAndGet();
            strand[0].resume();
            if (inside.incrementAndGet() != 1) faults.incrementAndGet();
            if (shared.toResumer != -i) faults.incrementAndGet();
            inside.decrementAndGet();
        }
        strand[0].resume();   // lets the body return
    }

    @Test
    void thePropertyPicksTheStrandAndAnUnusableChoiceFallsBackToVirtualThreads() {
        String before = System.getProperty(Strand.PROPERTY);
        try {
            System.clearProperty(Strand.PROPERTY);
            assertThat(Strand.factory().kind()).isEqualTo("thread");
            System.setProperty(Strand.PROPERTY, "continuation");
            assertThat(Strand.factory().kind()).isEqualTo(ContinuationStrand.available() ? "continuation" : "thread");
            System.setProperty(Strand.PROPERTY, "no-such-kind");
            assertThat(Strand.factory().kind()).isEqualTo("thread");
        } finally {
            if (before == null) System.clearProperty(Strand.PROPERTY);
            else System.setProperty(Strand.PROPERTY, before);
        }
    }
}
