package io.skyloom.bench.kernel;

import io.skyloom.core.Context;
import io.skyloom.core.Message;
import io.skyloom.core.NodeConfig;
import io.skyloom.core.PType;
import io.skyloom.core.Service;
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
 * One Java service calling another from inside its handler, skynet's pingpong shape:
 * the caller's task parks, its baton passes on, the callee runs, and the reply resumes
 * the caller. No gateway on the measured path: the benchmark thread makes one call per
 * batch and the relay service makes the {@link #BATCH} calls being counted.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ServiceCallBenchmark {

    static final int BATCH = 20_000;

    Skyloom node;
    int foreignRelay;
    int kernelRelay;

    @Setup(Level.Trial)
    public void start() {
        node = Skyloom.start(NodeConfig.builder().thread(2).build());
        int foreignEcho = node.newservice("echo", ForeignService.of(Map.of("echo", args -> args)));
        foreignRelay = node.newservice("relay", new ForeignService().on("loop", args -> {
            int n = ((Number) args[0]).intValue();
            for (int i = 0; i < n; i++) node.foreign().call(foreignEcho, "echo", i);
            return n;
        }));
        int kernelEcho = node.newservice("kecho", (Context ctx, Message m) -> ctx.ret(m.payload()));
        kernelRelay = node.newservice("krelay", new Relay(kernelEcho));
    }

    @TearDown(Level.Trial)
    public void stop() {
        node.close();
    }

    /** (e) ForeignService to ForeignService with {@code foreign.call} inside the handler. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object[] foreignServiceToService() {
        return node.foreign().call(foreignRelay, "loop", BATCH);
    }

    /** (e) The same on the kernel path: {@code Context.call} between two plain services. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object kernelServiceToService() {
        return node.node().call(kernelRelay, PType.FOREIGN, BATCH);
    }

    /** Calls {@code echo} as many times as the request says, then answers. */
    private record Relay(int echo) implements Service {
        @Override
        public void handle(Context ctx, Message m) {
            int n = (Integer) m.payload();
            Object payload = "ping";
            for (int i = 0; i < n; i++) payload = ctx.call(echo, PType.FOREIGN, payload);
            ctx.ret(n);
        }
    }
}
