package io.skyloom.lua.coroutine;

import java.util.Arrays;
import org.luaj.vm2.LuaValue;

/** Times a Lua function {@code loop(n)} that does n resume+yield round trips. */
final class RoundTrip {

    private RoundTrip() {}

    /** "median X µs (min Y, max Z) over R rounds", after a warm-up. */
    static String measure(LuaValue loop, int n) {
        loop.call(LuaValue.valueOf(n));
        double[] us = new double[9];
        for (int i = 0; i < us.length; i++) {
            long t0 = System.nanoTime();
            loop.call(LuaValue.valueOf(n));
            us[i] = (System.nanoTime() - t0) / 1e3 / n;
        }
        Arrays.sort(us);
        return String.format("median %.2f µs (min %.2f, max %.2f) over %d rounds of %d", us[us.length / 2], us[0],
                us[us.length - 1], us.length, n);
    }
}
