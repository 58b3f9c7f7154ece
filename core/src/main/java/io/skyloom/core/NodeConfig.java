package io.skyloom.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a node is set up: pyskynet's knobs. Build with {@link #builder()}; {@link Node#start}
 * checks every value and names the key of the first bad one.
 *
 * @param thread       workers: how many services run at once (skynet's {@code thread}).
 *                     Default: the number of processors. Must be at least 1.
 * @param nodeId       the node id in the high 8 bits of every handle (skynet's harbor),
 *                     0 to 255. Default 0.
 * @param luaPath      where {@code require} looks for Lua modules: templates with {@code ?}
 *                     (skynet's {@code lua_path}). Default: none beyond Skyloom's own modules.
 * @param servicePath  where {@code newservice} looks for service files: templates with
 *                     {@code ?} (skynet's {@code luaservice}, pyskynet's cpath-equivalent).
 *                     Default: none beyond Skyloom's built-in services.
 * @param fileAccess   folders Lua services may open files in through {@code io}. Default:
 *                     none (no {@code io.open} at all).
 * @param env          initial values for getenv. Default: empty.
 * @param closeTimeout how long {@link Node#close} waits for tasks to end. Default 5 s.
 * @param luajc        compile Lua to JVM classes with LuaJC (once per file; the built-in
 *                     modules come compiled in the jar) instead of interpreting it: 1.3-4x
 *                     faster Lua. Tracebacks, kill inside a loop, memlimit, hotfix and
 *                     inject work in both modes; injectcode (a running function's locals)
 *                     needs the interpreter. Default true; false interprets every file.
 * @param endlessWarning how long a service may run without giving its worker back (no
 *                     call, sleep or wait, no end of its handler) before the node warns
 *                     that it is "maybe in an endless loop", as skynet's monitor does.
 *                     Default 5 s; {@code Duration.ZERO} turns the monitor off.
 * @param transport    the folder where this host's nodes meet (skynet's harbor across
 *                     processes): with a {@code nodeId} of 1 to 255 the node reaches every
 *                     other node whose config names the same folder. Default: none (a
 *                     standalone node). It must be a writable directory.
 * @param luaDebug     keep Lua call frames: errors carry a full Lua traceback and a killed
 *                     service stops even inside an endless loop. Costs 10-25 % on call-heavy
 *                     Lua. Default true.
 * @param luajcCache   a folder where LuaJC's classes of the node's own Lua files are kept
 *                     between runs (as Python's {@code __pycache__}): a later node running
 *                     the same unchanged file defines them instead of compiling it again.
 *                     Keyed by the file's name, its bytes and the Skyloom build; made mode
 *                     700, and not used when others may write to it. Default: none (every
 *                     run compiles); {@code ./skyloom run} uses {@code ~/.cache/skyloom/luajc}.
 * @param manualClock  run the node on virtual time, for tests: timers (sleep, timeout, call
 *                     deadlines) fire and the clock ({@code skynet.now}, {@code skynet.time},
 *                     {@code hpc}) moves only when a test moves the node's
 *                     {@link io.skyloom.scheduler.ManualTime} on (skyloom-junit's clock does).
 *                     Default false: real time.
 */
public record NodeConfig(int thread, int nodeId, List<String> luaPath, List<String> servicePath,
                         List<Path> fileAccess, Map<String, Object> env, Duration closeTimeout,
                         boolean luajc, boolean luaDebug, Duration endlessWarning, Path transport, Path luajcCache,
                         boolean manualClock) {

    public NodeConfig {
        luaPath = List.copyOf(luaPath);
        servicePath = List.copyOf(servicePath);
        fileAccess = List.copyOf(fileAccess);
        env = Map.copyOf(env);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static NodeConfig defaults() {
        return builder().build();
    }

    /** Throws {@link ConfigException} naming the first bad key. */
    public void validate() {
        if (thread < 1) throw new ConfigException("thread", "must be at least 1, was " + thread);
        if (nodeId < 0 || nodeId > Handle.MAX_NODE_ID)
            throw new ConfigException("nodeId", "must be 0 to 255, was " + nodeId);
        checkTemplates("luaPath", luaPath);
        checkTemplates("servicePath", servicePath);
        for (Path p : fileAccess)
            if (!Files.isDirectory(p)) throw new ConfigException("fileAccess", "not a directory: " + p);
        if (closeTimeout.isNegative()) throw new ConfigException("closeTimeout", "must not be negative");
        if (transport != null) {
            if (!Files.isDirectory(transport)) throw new ConfigException("transport", "not a directory: " + transport);
            if (!Files.isWritable(transport)) throw new ConfigException("transport", "not writable: " + transport);
            if (nodeId == 0)
                throw new ConfigException("harbor", "a node on a transport folder needs a node id (harbor) of 1 to 255, not 0");
        }
        if (endlessWarning.isNegative()) throw new ConfigException("endlessWarning", "must not be negative (0 turns the monitor off)");
    }

    private static void checkTemplates(String key, List<String> templates) {
        for (String t : templates) {
            if (!t.contains("?")) throw new ConfigException(key, "template has no '?': " + t);
            Path dir = Path.of(t.substring(0, t.indexOf('?'))).toAbsolutePath();
            if (!t.substring(0, t.indexOf('?')).endsWith("/")) dir = dir.getParent();
            if (dir != null && !Files.isDirectory(dir))
                throw new ConfigException(key, "folder does not exist: " + dir + " (from " + t + ")");
        }
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private int thread = Runtime.getRuntime().availableProcessors();
        private int nodeId;
        private final List<String> luaPath = new ArrayList<>();
        private final List<String> servicePath = new ArrayList<>();
        private final List<Path> fileAccess = new ArrayList<>();
        private final Map<String, Object> env = new LinkedHashMap<>();
        private Duration closeTimeout = Duration.ofSeconds(5);
        private Duration endlessWarning = Duration.ofSeconds(5);
        private Path transport;
        private Path luajcCache;
        private boolean luajc = true;
        private boolean luaDebug = true;
        private boolean manualClock;

        public Builder thread(int n) { thread = n; return this; }
        public Builder nodeId(int id) { nodeId = id; return this; }
        /** Adds templates, e.g. {@code "lua/?.lua"}; a string may hold several separated by ';'. */
        public Builder luaPath(String... templates) { addTemplates(luaPath, templates); return this; }
        public Builder servicePath(String... templates) { addTemplates(servicePath, templates); return this; }
        public Builder fileAccess(Path... dirs) { fileAccess.addAll(List.of(dirs)); return this; }
        public Builder env(String key, Object value) { env.put(key, value); return this; }
        public Builder closeTimeout(Duration d) { closeTimeout = d; return this; }
        public Builder endlessWarning(Duration d) { endlessWarning = d; return this; }
        /** The folder where this host's nodes meet; needs a nodeId (harbor) of 1 to 255. */
        public Builder transport(Path dir) { transport = dir; return this; }
        public Builder luajc(boolean on) { luajc = on; return this; }
        /** Where LuaJC's classes of the node's files are kept between runs; null: nowhere. */
        public Builder luajcCache(Path dir) { luajcCache = dir; return this; }
        public Builder luaDebug(boolean on) { luaDebug = on; return this; }
        public Builder manualClock(boolean on) { manualClock = on; return this; }

        public NodeConfig build() {
            return new NodeConfig(thread, nodeId, luaPath, servicePath, fileAccess, env, closeTimeout, luajc, luaDebug, endlessWarning,
                    transport, luajcCache, manualClock);
        }

        private static void addTemplates(List<String> to, String... templates) {
            for (String t : templates)
                for (String part : t.split(";")) if (!part.isBlank()) to.add(part.trim());
        }
    }
}
