package io.skyloom.bench.kernel;

import io.skyloom.core.NodeConfig;
import io.skyloom.core.PType;
import io.skyloom.foreign.ForeignService;
import io.skyloom.foreign.Skyloom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Java to Java-service calls (issue 3's targets): sequential from one virtual thread,
 * from a platform thread, with 1000 concurrent virtual-thread callers, the bare kernel
 * path without the foreign layer, and service-to-service (skynet's pingpong shape).
 * Scores are calls per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CallBenchmark {

    static final int BATCH = 20_000;
    static final int CALLERS = 1000;
    static final int PER_CALLER = 50;

    Skyloom node;
    int echo;
    int relay;
    Object[] rawRequest;

    @Setup(Level.Trial)
    public void start() {
        node = Skyloom.start(NodeConfig.builder().thread(2).build());
        echo = node.newservice("echo", ForeignService.of(Map.of("echo", args -> args)));
        relay = node.newservice("relay", new ForeignService().on("loop", args -> {
            int n = ((Number) args[0]).intValue();
            for (int i = 0; i < n; i++) node.foreign().call(echo, "echo", i);
            return n;
        }));
        rawRequest = new Object[] {"echo", 1L};
    }

    @TearDown(Level.Trial)
    public void stop() {
        node.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void sequentialFromVirtualThread() throws InterruptedException {
        Thread t = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < BATCH; i++) node.foreign().call(echo, "echo", i);
        });
        t.join();
    }

    @Benchmark
    public Object[] sequentialFromPlatformThread() {
        return node.foreign().call(echo, "echo", 1);
    }

    @Benchmark
    @OperationsPerInvocation(CALLERS * PER_CALLER)
    public void concurrentCallers1000() throws InterruptedException {
        List<Thread> threads = new ArrayList<>(CALLERS);
        for (int c = 0; c < CALLERS; c++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < PER_CALLER; i++) node.foreign().call(echo, "echo", i);
            }));
        }
        for (Thread t : threads) t.join();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void rawKernelCallFromVirtualThread() throws InterruptedException {
        Thread t = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < BATCH; i++) node.node().call(echo, PType.FOREIGN, rawRequest);
        });
        t.join();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object[] serviceToService() {
        return node.foreign().call(relay, "loop", BATCH);
    }
}
