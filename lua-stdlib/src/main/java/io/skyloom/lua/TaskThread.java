package io.skyloom.lua;

import io.skyloom.core.kernel.WaitSlot;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaThread;

/**
 * The Lua thread value of one task of a service (a handler, a fork, a timeout): what
 * {@code coroutine.running()} returns in it, what {@code skynet.fork} returns, and the
 * default token of its {@code skynet.sleep} and {@code skynet.wait}. As a token it keeps
 * its own waiter, so a sleep costs no map entry. Owned by the service's baton holder.
 */
final class TaskThread extends LuaThread implements WaitSlot {

    private Object waiter;   // the kernel's slot
    boolean forkPending;     // made by skynet.fork and not yet run (Tasks)
    Tasks.Parked parked;     // its entry while it is parked (Tasks)

    TaskThread(Globals globals) {
        super(globals);
    }

    @Override
    public Object waitSlot() {
        return waiter;
    }

    @Override
    public void waitSlot(Object w) {
        waiter = w;
    }
}
