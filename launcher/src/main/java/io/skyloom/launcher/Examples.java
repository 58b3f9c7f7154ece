package io.skyloom.launcher;

import io.skyloom.core.ConfigException;
import io.skyloom.core.NodeConfig;
import io.skyloom.foreign.ForeignService;
import io.skyloom.foreign.Skyloom;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The examples {@code ./skyloom run <name>} runs; each is the README's code. */
final class Examples {

    private Examples() {}

    static List<String> names() {
        return List.of("hello");
    }

    static int run(String name, NodeConfig.Builder config, PrintStream out, PrintStream err) {
        if (!name.equals("hello")) {
            err.println("skyloom: no example or .lua file named " + name + "; examples: " + String.join(", ", names()));
            return 2;
        }
        try {
            hello(config.build(), out);
        } catch (ConfigException e) {
            err.println("skyloom: " + e.getMessage());
            return 2;
        }
        return 0;
    }

    /** The README's Java quick start: a Java service, a Lua service, and calls both ways. */
    static void hello(NodeConfig config, PrintStream out) {
        try (Skyloom node = Skyloom.start(config)) {
            // Java answers commands sent to ".java" (and ".python"), each on its own virtual thread.
            node.foreign().dispatch("greet", args -> "hello, " + args[0]);

            // A service written in Java: one message at a time, like any skynet service.
            int echo = node.newservice("echo", ForeignService.of(Map.of("echo", args -> args)));
            out.println("java echo -> " + Arrays.toString(node.foreign().call(echo, "echo", 1, "two")));

            // A Lua service that calls back into Java.
            int lua = node.scriptservice("""
                    local skynet = require "skynet"
                    local foreign = require "pyskynet.foreign"
                    foreign.dispatch("hi", function(name)
                        return foreign.call(".java", "greet", name), skynet.self()
                    end)
                    skynet.start(function() end)
                    """);
            Object[] r = node.foreign().call(lua, "hi", "lua");
            out.println("lua hi   -> " + r[0] + " (from service " + io.skyloom.core.Handle.format(((Number) r[1]).intValue()) + ")");
        }
    }
}
