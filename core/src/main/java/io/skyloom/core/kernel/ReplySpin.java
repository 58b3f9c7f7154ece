package io.skyloom.core.kernel;

import io.skyloom.core.*;

import io.skyloom.scheduler.WorkerPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A caller that has sent its request spins a moment for the reply before it parks, and
 * a service runner whose mailbox ran dry spins a moment for the next message before it
 * lets the service go idle. A park costs a trip through the virtual-thread scheduler on
 * wake-up, and with two carriers that trip hands the thread to the other, idle carrier
 * (it spins in the scheduler and steals every task pushed): a service-to-service call
 * crossed cores twice. A reply or a request that comes while the other side spins needs
 * no scheduler at all (pingpong: 212k -> 359k calls/s, the figure of one carrier).
 *
 * <p>Spinning holds a carrier, so a virtual thread spins only where that costs nobody:
 * a caller while the node has an idle worker and no other virtual thread spins for a
 * reply (one carrier always stays free of reply spinners, for the thread that will
 * answer; with one carrier they never spin), a runner while no service waits for a
 * worker and no Skyloom thread waits for a carrier ({@link CarrierDemand}). Without
 * these checks 1000 callers spinning at once, or the service that answers them
 * lingering, left the callers without carriers (2.3M -> 0.7M calls/s). The caller does
 * not stop for carrier demand: the runner its own request starts is demand, and the
 * free carrier takes it. Platform threads spin too (their park is a futex round trip),
 * one per spare core at a time, since their spinning takes CPU from the carriers.
 * Calls only: a sleep or a wait knows it is long.
 *
 * <p>Nobody spins here while a transport's reader spins on its queue (the harbor's,
 * between processes): the reader is the node's spinner then. Between two JVMs on 2 vCPUs,
 * with the reader a virtual thread, a call's p50 was 11.7-15 us and its p99 1.1-2.1 ms
 * with these spins as well, 2.3-4.3 us and 13-52 us without them.
 */
final class ReplySpin {

    /** onSpinWait rounds before parking; about 10-20 us on the 2-vCPU machines we measure on. */
    static final int SPINS = Integer.getInteger("skyloom.replySpins", 400);
    /** The same for a runner waiting for its next message. */
    static final int LINGER_SPINS = Integer.getInteger("skyloom.lingerSpins", 400);

    /** Virtual threads that may spin for a reply at once: the carriers less one (carriers are per JVM). */
    private static final int MAX_VIRTUAL_SPINNERS = Math.max(0, carriers() - 1);
    private static final AtomicInteger VIRTUAL_SPINNERS = new AtomicInteger();
    /** Platform threads that may spin at once: they take CPU from the carriers, so one per spare core. */
    private static final int MAX_PLATFORM_SPINNERS = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    private static final AtomicInteger PLATFORM_SPINNERS = new AtomicInteger();

    /** Transport readers (of any node of this JVM) spinning on their queues now. */
    private static final AtomicInteger TRANSPORT_READERS = new AtomicInteger();

    private ReplySpin() {}

    /** A transport's reader started ({@code true}) or stopped spinning on its queue. */
    static void transportReader(boolean spinning) {
        if (spinning) TRANSPORT_READERS.incrementAndGet();
        else TRANSPORT_READERS.decrementAndGet();
    }

    /** A caller spins, if it may, until {@code arrived} says so or the budget is spent. */
    static void forReply(WorkerPool workers, BooleanSupplier arrived) {
        if (TRANSPORT_READERS.get() > 0) return;
        boolean virtual = Thread.currentThread().isVirtual();
        AtomicInteger spinners = virtual ? VIRTUAL_SPINNERS : PLATFORM_SPINNERS;
        if ((virtual && workers.idle() == 0) || !takeSlot(spinners, virtual ? MAX_VIRTUAL_SPINNERS : MAX_PLATFORM_SPINNERS))
            return;
        try {
            spin(arrived, SPINS);
        } finally {
            spinners.decrementAndGet();
        }
    }

    /**
     * A runner spins, if it may, until {@code arrived} says so or the budget is spent;
     * true if it arrived.
     */
    static boolean forMail(WorkerPool workers, BooleanSupplier arrived) {
        // With one carrier the message we wait for needs the carrier we would hold.
        if (LINGER_SPINS <= 0 || MAX_VIRTUAL_SPINNERS == 0 || TRANSPORT_READERS.get() > 0 || workers.hasWaiting()
                || !CarrierDemand.none())
            return false;
        for (int i = 0; i < LINGER_SPINS; i++) {   // a loop, not spin(): no lambda made per message
            if (arrived.getAsBoolean()) return true;
            if (workers.hasWaiting() || !CarrierDemand.none()) break;
            Thread.onSpinWait();
        }
        return arrived.getAsBoolean();
    }

    private static void spin(BooleanSupplier stop, int spins) {
        for (int i = 0; i < spins && !stop.getAsBoolean(); i++) Thread.onSpinWait();
    }

    private static boolean takeSlot(AtomicInteger spinners, int max) {
        for (int n; (n = spinners.get()) < max; )
            if (spinners.compareAndSet(n, n + 1)) return true;
        return false;
    }

    /** The virtual-thread scheduler's parallelism, as the JDK reads it. */
    private static int carriers() {
        String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        try {
            if (p != null) return Integer.parseInt(p.trim());
        } catch (NumberFormatException e) {
            // the JDK ignores it too
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
