package io.skyloom.launcher;

import io.skyloom.core.NodeConfig;
import java.nio.file.Path;

/**
 * A skynet-style config file ({@code key = value}, Lua comments, quoted strings): the
 * keys {@code ./skyloom run --config} knows (thread, harbor, transport, lua_path,
 * luaservice, file_access, luajc, luajc_cache, lua_debug, endless_warning) set the node's config,
 * every other key goes to its env, as skynet's config does. For tools that start
 * nodes the launcher's way (the JUnit kit).
 */
public final class SkynetConfig {

    private SkynetConfig() {}

    /** Applies {@code file} to {@code config}; ConfigException names the file, line and key. */
    public static void read(Path file, NodeConfig.Builder config) {
        Options.readConfig(file, config);
    }
}
