package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.foreign.ForeignService;
import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import io.skyloom.numsky.DType;
import io.skyloom.numsky.NDArray;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** numsky arrays cross service boundaries by reference, as pyskynet's numpy arrays do. */
@SkyloomTest
class ZeroCopyTest {

    @Inject Skyloom node;

    @Test
    void anArrayPassedToAJavaServiceIsTheSameObjectAndItsWritesShow() {
        int writer = node.newservice("writer", new ForeignService().on("write", args -> {
            ((NDArray) args[0]).set(42.0, 1);
            return args[0];
        }));
        NDArray a = NDArray.zeros(DType.FLOAT64, 1_000_000);
        Object[] r = node.foreign().call(writer, "write", a);
        assertThat(r[0]).isSameAs(a);
        assertThat(a.getDouble(1)).isEqualTo(42.0);
    }

    @Test
    void anArrayGoesThroughALuaServiceAndComesBackAsTheSameObject() {
        NDArray a = NDArray.ones(DType.INT32, 3, 3);
        int echo = node.newservice("echo", ForeignService.of(Map.of("echo", args -> args)));
        int viaLua = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                local target = ...
                foreign.dispatch("pass", function(arr) return foreign.call(target, "echo", arr) end)
                skynet.start(function() end)
                """, (long) echo);
        assertThat(node.foreign().call(viaLua, "pass", a)[0]).isSameAs(a);
    }

    @Test
    void luaWritesIntoAnArrayJavaPassedAndJavaSeesTheWrite() {
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                local ns = require "numsky"
                foreign.dispatch("scale", function(arr, k)
                    arr[{1, 2}] = 42
                    return ns.sum(arr * k), arr.shape[2]
                end)
                skynet.start(function() end)
                """);
        NDArray a = NDArray.ones(DType.FLOAT64, 2, 3);
        Object[] r = node.foreign().call(lua, "scale", a, 2L);
        assertThat(a.getDouble(0, 1)).isEqualTo(42.0);
        assertThat(r).containsExactly(94L, 3L);   // integral Lua numbers arrive as Long
    }

    @Test
    void anArrayMadeInLuaReachesJavaAsTheSameObjectLuaKeeps() throws Exception {
        java.util.concurrent.atomic.AtomicReference<NDArray> got = new java.util.concurrent.atomic.AtomicReference<>();
        node.foreign().dispatch("take", args -> {
            got.set((NDArray) args[0]);
            ((NDArray) args[0]).set(7L, 0);
            return null;
        });
        int lua = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                local ns = require "numsky"
                local mine = ns.arange(1, 3)
                foreign.dispatch("send", function()
                    foreign.call(".java", "take", mine)
                    return mine[1]          -- Java's write shows in Lua's own array
                end)
                skynet.start(function() end)
                """);
        assertThat(node.foreign().call(lua, "send")).containsExactly(7L);
        assertThat(got.get().toLongArray()).containsExactly(7, 2, 3);
    }
}
