package io.skyloom.bench.kernel;

import io.skyloom.core.NodeConfig;
import io.skyloom.core.PType;
import io.skyloom.foreign.ForeignService;
import io.skyloom.foreign.Skyloom;
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
 * Java code calling a Java service through the gateway, issue 3's two targets: the
 * {@code foreign.call} a user writes, and the bare kernel call under it
 * ({@code Node.call(handle, FOREIGN, payload)}), so API cost and kernel cost read apart.
 * Scores are calls per second.
 *
 * <p>JMH's own threads are platform threads, but the gateway is meant to be called from
 * virtual threads: each invocation runs a batch of calls on one (or 1000) virtual
 * threads, and {@link OperationsPerInvocation} turns the batch into calls/s of those
 * callers. Starting the callers costs about a microsecond each, under 1% of a batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GatewayCallBenchmark {

    static final int BATCH = 20_000;
    static final int CALLERS = 1000;
    static final int PER_CALLER = 100;

    Skyloom node;
    int echo;
    Object[] rawRequest;

    @Setup(Level.Trial)
    public void start() {
        node = Skyloom.start(NodeConfig.builder().thread(2).build());
        echo = node.newservice("echo", ForeignService.of(Map.of("echo", args -> args)));
        rawRequest = new Object[] {"echo", 1L};
    }

    @TearDown(Level.Trial)
    public void stop() {
        node.close();
    }

    /** (a) The real gateway use: one virtual thread calling in a loop. Target 250 000/s. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void foreignCallSequentialVirtual() throws InterruptedException {
        Callers.run(1, BATCH, i -> node.foreign().call(echo, "echo", i));
    }

    /** (b) For reference: a platform thread parks in the kernel (futex) on every call. */
    @Benchmark
    public Object[] foreignCallSequentialPlatform() {
        return node.foreign().call(echo, "echo", 1);
    }

    /** (c) 1000 virtual threads calling in loops at once. Target 500 000/s. */
    @Benchmark
    @OperationsPerInvocation(CALLERS * PER_CALLER)
    public void foreignCallConcurrent1000() throws InterruptedException {
        Callers.run(CALLERS, PER_CALLER, i -> node.foreign().call(echo, "echo", i));
    }

    /** (d) The kernel path alone: no request packing, no command table, no result freezing. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void kernelCallSequentialVirtual() throws InterruptedException {
        Callers.run(1, BATCH, i -> node.node().call(echo, PType.FOREIGN, rawRequest));
    }

    /** (d) As (c) on the kernel path alone. */
    @Benchmark
    @OperationsPerInvocation(CALLERS * PER_CALLER)
    public void kernelCallConcurrent1000() throws InterruptedException {
        Callers.run(CALLERS, PER_CALLER, i -> node.node().call(echo, PType.FOREIGN, rawRequest));
    }
}
