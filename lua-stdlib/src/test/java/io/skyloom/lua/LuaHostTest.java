package io.skyloom.lua;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.core.kernel.Node;
import io.skyloom.core.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuaHostTest {

    @TempDir
    Path dir;

    @Test
    void aServiceFileIsCompiledOnceHoweverManyInstancesRun() throws Exception {
        Files.writeString(dir.resolve("tiny.lua"), """
                local skynet = require "skynet"
                skynet.start(function() skynet.dispatch("lua", function() end) end)
                """);
        LuaHost host = new LuaHost();
        try (Node node = Node.start(NodeConfig.builder().thread(2).servicePath(dir + "/?.lua").build())) {
            for (int i = 0; i < 200; i++) node.newservice("tiny", host.create(node, "tiny", java.util.List.of()));
            assertThat(node.serviceCount()).isEqualTo(200);
            assertThat(host.compilations()).isEqualTo(1);
        }
    }
}
