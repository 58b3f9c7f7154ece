package io.skyloom.bench.kernel;

import java.util.function.IntConsumer;

/** Runs a benchmark's calls on virtual threads and waits for all of them. */
final class Callers {

    private Callers() {}

    /**
     * Starts {@code callers} virtual threads, each running {@code body(0..calls-1)} in
     * order, and joins them. A failed call fails the benchmark instead of being counted.
     */
    static void run(int callers, int calls, IntConsumer body) throws InterruptedException {
        Thread[] threads = new Thread[callers];
        Throwable[] failure = new Throwable[1];
        for (int c = 0; c < callers; c++) {
            threads[c] = Thread.ofVirtual().name("bench:caller#" + c).start(() -> {
                try {
                    for (int i = 0; i < calls; i++) body.accept(i);
                } catch (Throwable t) {
                    failure[0] = t;     // benign race: any one failure is enough to report
                }
            });
        }
        for (Thread t : threads) t.join();
        if (failure[0] != null) throw new IllegalStateException("a benchmark call failed", failure[0]);
    }
}
