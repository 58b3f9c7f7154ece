package io.skyloom.core.kernel;

import io.skyloom.core.*;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The counting half of one waiter's park/unpark hand-off: a wake-up that finds the
 * waiter parked makes a virtual thread runnable, which {@link CarrierDemand} must know;
 * one that finds it spinning or awake makes nothing runnable. Whoever swaps the flag
 * from 1 counts, and the waiter uncounts once awake, so every count has one uncount.
 * The waiter calls {@link #arm}, checks its own condition, parks, then {@link #settle};
 * any thread calls {@link #wake} after publishing what ends the wait.
 *
 * <p>A service task is its own wake count (it extends this class): one object fewer per
 * parked task, of which a node may hold a million.
 */
class WakeCount {

    private static final VarHandle PARKING;
    static {
        try {
            PARKING = MethodHandles.lookup().findVarHandle(WakeCount.class, "parking", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private volatile int parking;   // 1: the waiter may be parked and nobody counted its wake-up yet

    /** Waiter, before it checks its condition and parks. */
    void arm() {
        parking = 1;
    }

    /** Waiter, after the park returned (woken, spuriously, or not parked at all). */
    void settle() {
        if ((int) PARKING.getAndSet(this, 0) == 0 && Thread.currentThread().isVirtual()) CarrierDemand.running();
    }

    /** Waker: counts the wake-up if it makes {@code waiter} runnable, and unparks it. */
    void wake(Thread waiter) {
        if ((int) PARKING.getAndSet(this, 0) == 1 && waiter.isVirtual()) CarrierDemand.made();
        LockSupport.unpark(waiter);
    }
}
