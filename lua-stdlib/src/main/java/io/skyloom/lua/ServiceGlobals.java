package io.skyloom.lua;

import io.skyloom.lua.stdlib.StopFlag;
import org.luaj.vm2.Globals;

/**
 * The Globals of one service, carrying the service's {@link StopFlag}: the flag the
 * library functions installed into these Globals check in their long loops, and that
 * {@code kill} raises (through {@link Sandbox#stopFlag}). Owned like any Globals by the
 * task running the service; the flag itself may be raised from any thread.
 */
final class ServiceGlobals extends Globals {

    final StopFlag stop;
    // The debug library when luaDebug is on (services see only its traceback):
    // skyloom.code hands its getinfo, getlocal and setlocal to skynet.injectcode
    org.luaj.vm2.lib.UnsyncDebugLib frames;

    ServiceGlobals(StopFlag stop) {
        this.stop = stop;
    }
}
