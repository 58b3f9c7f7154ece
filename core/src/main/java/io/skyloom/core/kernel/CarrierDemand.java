package io.skyloom.core.kernel;

import io.skyloom.core.*;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many of Skyloom's virtual threads have been made runnable (started, or unparked
 * while parked) and have not begun to run yet: the JVM-wide demand for carriers that
 * the scheduler does not show. A thread that would spin for a reply or for mail (see
 * {@link ReplySpin}) spins only while this is zero, since its carrier is then wanted
 * by nobody. An estimate: every count is matched by one uncount, but a reader may see
 * either side of a hand-off. Thread-safe; static because carriers are per JVM.
 */
final class CarrierDemand {

    private static final AtomicInteger WAITING_FOR_CARRIER = new AtomicInteger();

    private CarrierDemand() {}

    /** A thread was started or unparked: it waits for a carrier. */
    static void made() {
        WAITING_FOR_CARRIER.incrementAndGet();
    }

    /** The thread that {@link #made} counted runs now. */
    static void running() {
        WAITING_FOR_CARRIER.decrementAndGet();
    }

    /** The count itself (for tests: it settles back to zero). */
    static int count() {
        return WAITING_FOR_CARRIER.get();
    }

    /** True when no counted thread waits for a carrier. */
    static boolean none() {
        return WAITING_FOR_CARRIER.get() <= 0;
    }
}
