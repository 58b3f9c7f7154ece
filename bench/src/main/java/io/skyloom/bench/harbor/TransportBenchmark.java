package io.skyloom.bench.harbor;

import io.skyloom.core.PType;
import io.skyloom.core.Transport;
import io.skyloom.foreign.harbor.ChronicleTransport;
import io.skyloom.numsky.DType;
import io.skyloom.numsky.NDArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
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
 * The harbor's transport alone (issue 12), without a kernel or a Lua service: two
 * {@link ChronicleTransport}s of one JVM on one folder (in /dev/shm when there is one),
 * node 2's inbox answering every request at once from its reader. So the scores are
 * what the queue, the frames, Kryo and the wake-ups cost, and {@code ./skyloom bench
 * --harbor} minus these is what the kernel and Lua add. One-way sends are counted when
 * node 2's reader has decoded them all; round trips are a request and its answer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TransportBenchmark {

    static final int SENDS = 10_000;
    static final int CALLER = 0x01000001, ECHO = 0x02000001;

    Path dir;
    ChronicleTransport one, two;
    final AtomicLong received = new AtomicLong();
    volatile Object reply;
    volatile Thread waiter;
    int session;
    final Object[] small = {"add"};
    final Object[] array = {NDArray.arange(0, 1_000_000, 1, DType.FLOAT64)};

    @Setup(Level.Trial)
    public void setup() throws IOException {
        Path shm = Path.of("/dev/shm");
        dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "skyloom-transport-bench")
                : Files.createTempDirectory("skyloom-transport-bench");
        one = new ChronicleTransport(dir, 1);
        two = new ChronicleTransport(dir, 2);
        two.attach(new Answering(2));
        one.attach(new Receiving(1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(one.reachable(2) && two.reachable(1))) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the two transports did not see each other");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        one.close();
        two.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** One-way sends of a one-string foreign message, until node 2's reader decoded them all. */
    @Benchmark
    @OperationsPerInvocation(SENDS)
    public long sendsDecodedByThePeer() {
        long target = received.get() + SENDS;
        for (int i = 0; i < SENDS; i++) one.send(CALLER, ECHO, PType.FOREIGN, 0, small);
        while (received.get() < target) Thread.onSpinWait();
        return target;
    }

    /** A request with a one-string foreign message and its answer. */
    @Benchmark
    public Object smallRoundTrip() {
        return call(small);
    }

    /** A float64[10^6] NDArray there and back (8 MB each way). */
    @Benchmark
    public Object float64MillionRoundTrip() {
        return call(array);
    }

    private Object call(Object[] payload) {
        reply = null;
        waiter = Thread.currentThread();
        one.send(CALLER, ECHO, PType.FOREIGN, ++session, payload);
        Object r;
        while ((r = reply) == null) LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
        return r;
    }

    /** Node 2: counts what it receives and answers requests with what they carried. */
    private final class Answering extends Inbox {
        Answering(int id) {
            super(id);
        }

        @Override
        public boolean deliver(int source, int destination, int type, int session, Object payload) {
            received.incrementAndGet();
            if (session != 0) two.send(destination, source, PType.RESPONSE, session, payload);
            return true;
        }
    }

    /** Node 1: hands an answer to the waiting caller. */
    private final class Receiving extends Inbox {
        Receiving(int id) {
            super(id);
        }

        @Override
        public boolean deliver(int source, int destination, int type, int session, Object payload) {
            reply = payload;
            LockSupport.unpark(waiter);
            return true;
        }
    }

    private abstract static class Inbox implements Transport.Inbox {
        private final int id;

        Inbox(int id) {
            this.id = id;
        }

        @Override
        public int nodeId() {
            return id;
        }

        @Override
        public void peerDown(int nodeId, String reason) {
            // a benchmark's peer lives in the same JVM: it goes down only at the end
        }
    }
}
