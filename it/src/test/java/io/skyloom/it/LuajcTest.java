package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skyloom.core.CallFailedException;
import io.skyloom.foreign.Skyloom;
import io.skyloom.junit.Inject;
import io.skyloom.junit.SkyloomTest;
import org.junit.jupiter.api.Test;

/**
 * Lua compiled to JVM classes with LuaJC (NodeConfig.luajc): what the skynet API suite
 * (run compiled by SkynetApiOnLuajcTest) does not cover, errors reaching a Java caller.
 */
@SkyloomTest(servicePath = "src/test/resources/lua", luajc = true)
class LuajcTest {

    @Inject Skyloom node;

    @Test
    void compiledErrorsStillReachTheCaller() {
        int caller = node.newservice("caller");
        assertThatThrownBy(() -> node.foreign().call(caller, "boom", "compiled failure"))
                .isInstanceOfSatisfying(CallFailedException.class, e -> {
                    // compiled code keeps no Lua frames: position and traceback come from its classes
                    assertThat(e.remoteMessage()).contains("caller.lua:12: ").contains("compiled failure");
                    assertThat(e.remoteTraceback()).contains("stack traceback").contains("caller.lua:12: in function");
                });
        assertThat(node.foreign().call(caller, "relay", "still")).containsExactly("still");
    }
}
