package io.skyloom.lua.stdlib;

import io.skyloom.lua.LoopGuard;

/**
 * A service's "you have been stopped" flag, as seen by the long-running library
 * functions (pattern matching, {@code string.rep}, {@code table.sort},
 * {@code table.concat}): they call {@link #check} every {@link #STEPS} steps of their
 * loops, so a killed service leaves them as it leaves a Lua loop. One per service,
 * captured by the functions installed into that service's Globals (no lookup per call);
 * the string functions every service shares through the string metatable hold
 * {@link #SHARED}, which finds the running service only once some service in the JVM is
 * being stopped. {@link #raise} may be called from any thread.
 */
public final class StopFlag {

    /** How many loop steps pass between two checks: a check costs one volatile read. */
    public static final int STEPS = 4096;

    /** The flag of functions that belong to no single service (the shared string methods). */
    public static final StopFlag SHARED = new StopFlag();

    private volatile boolean raised;   // set by kill or node close on any thread

    /** The service was asked to stop: its library loops unwind at their next check. */
    public void raise() {
        raised = true;
    }

    public boolean raised() {
        return raised;
    }

    /** Throws {@link ServiceStopped} if this service, or the one running now, was stopped. */
    public void check() {
        if (raised) throw new ServiceStopped();
        LoopGuard.check();   // one volatile read unless a service is being stopped
    }
}
