package io.skyloom.lua.codec;

import io.skyloom.core.NodeConfig;
import io.skyloom.foreign.Skyloom;

/**
 * A real node with one Lua service that runs the chunks a test sends it, so each test
 * exercises a module exactly as a service gets it (sandbox, require, error handling).
 * Owned by one test class.
 */
final class LuaRunner implements AutoCloseable {

    private final Skyloom node;
    private final int service;

    LuaRunner() {
        this(NodeConfig.builder().thread(2).build());
    }

    LuaRunner(NodeConfig config) {
        node = Skyloom.start(config);
        service = node.scriptservice("""
                local skynet = require "skynet"
                local foreign = require "pyskynet.foreign"
                foreign.dispatch("run", function(src, ...)
                    -- the env is given: the sandbox's load passes an absent one on as nil
                    return assert(load(src, "=test", "t", _G))(...)
                end)
                skynet.start(function() end)
                """);
    }

    /** Runs {@code lua} in the service; its results, or CallFailedException with the Lua error. */
    Object[] run(String lua, Object... args) {
        Object[] callArgs = new Object[args.length + 1];
        callArgs[0] = lua;
        System.arraycopy(args, 0, callArgs, 1, args.length);
        return node.foreign().call(service, "run", callArgs);
    }

    /** The first result of {@code lua}. */
    Object eval(String lua, Object... args) {
        Object[] r = run(lua, args);
        return r.length == 0 ? null : r[0];
    }

    Skyloom node() {
        return node;
    }

    @Override
    public void close() {
        node.close();
    }
}
