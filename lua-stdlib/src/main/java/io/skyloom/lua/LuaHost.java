package io.skyloom.lua;

import io.skyloom.core.kernel.Node;
import io.skyloom.core.kernel.ScriptHost;
import io.skyloom.core.Service;
import io.skyloom.core.SkyloomException;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lua service host of one node (found by the node through {@link ScriptHost}): finds
 * service files, compiles each once, and gives every service its own sandboxed LuaJ
 * state. Thread-safe.
 */
public final class LuaHost implements ScriptHost {

    private static final Logger LOG = LoggerFactory.getLogger("io.skyloom.lua");

    static {
        // A numsky loop over a huge array polls this every 65 536 elements, so kill stops
        // a service inside one as it stops one inside a Lua loop.
        io.skyloom.numsky.StopCheck.install(() -> {
            if (Node.currentServiceStopping() || Thread.currentThread().isInterrupted())
                throw new io.skyloom.numsky.StopCheck.Stopped("the service was stopped");
        });
    }

    private volatile CodeCache cache;       // made from the node's config on first use
    private volatile ScriptFinder finder;   // likewise

    /**
     * As skynet's bootstrap starts DATACENTER on a harbor's master: node 1 of linked nodes
     * starts datacenterd as it starts, so the other nodes' skynet.datacenter finds it under
     * its global name without waiting for node 1 to use it first. On the starting thread,
     * before the node is handed out: nothing can close the node meanwhile, and handles stay
     * in the order a program made them.
     */
    @Override
    public void started(Node node) {
        if (!node.linked() || node.config().nodeId() != 1) return;
        try {
            node.uniqueservice("datacenterd");
        } catch (RuntimeException e) {
            LOG.warn("node 1 could not start datacenterd: {}", e.getMessage());
        }
    }

    @Override
    public Service create(Node node, String name, List<Object> args) {
        ScriptFinder f = finder(node);
        List<String> searched = new ArrayList<>();
        ScriptFinder.Source src = f.service(name, searched);
        if (src == null)
            throw new SkyloomException("no Lua service '" + name + "': searched " + String.join(", ", searched));
        CodeCache.Chunk main = compile(() -> cache(node).get(src));
        StoppableDebugLib debug = node.config().luaDebug() ? new StoppableDebugLib() : null;
        LuaService svc = new LuaService(this, node, name, newGlobals(node, f, debug), debug, main, args);
        svc.servicePath(src.chunkName());
        return svc;
    }

    @Override
    public Service createFromSource(Node node, String chunkName, String source, List<Object> args) {
        ScriptFinder f = finder(node);
        CodeCache.Chunk main = compile(() -> cache(node).text(source, chunkName));
        StoppableDebugLib debug = node.config().luaDebug() ? new StoppableDebugLib() : null;
        return new LuaService(this, node, chunkName, newGlobals(node, f, debug), debug, main, args);
    }

    private CodeCache cache(Node node) {
        CodeCache c = cache;
        if (c == null) cache = c = new CodeCache(node.config().luajc(), node.config().luajcCache());
        return c;
    }

    private static CodeCache.Chunk compile(java.util.function.Supplier<CodeCache.Chunk> c) {
        try {
            return c.get();
        } catch (LuaError e) {
            throw new SkyloomException("Lua syntax error: " + e.getMessage());
        }
    }

    private ScriptFinder finder(Node node) {
        ScriptFinder f = finder;
        if (f == null) finder = f = new ScriptFinder(node.config(), List.of());
        return f;
    }

    private Globals newGlobals(Node node, ScriptFinder f, StoppableDebugLib debug) {
        Globals g = Sandbox.create(f, node.config().fileAccess(), debug);
        if (node.config().luajc()) CompiledPositions.install(g);
        LuaTable pkg = (LuaTable) g.rawget(Names.PACKAGE);
        LuaTable searchers = new LuaTable(2, 0);
        searchers.rawset(1, pkg.rawget(Names.SEARCHERS).get(1));   // package.preload
        searchers.rawset(2, new ModuleSearcher(f, g));
        pkg.rawset(Names.SEARCHERS, searchers);
        pkg.rawset(Names.PATH, luaPath(node));
        pkg.rawset(Names.CPATH, LuaValue.EMPTYSTRING);
        pkg.rawset(Names.LOADLIB, LuaValue.NIL);
        LuaTable preload = (LuaTable) pkg.rawget(Names.PRELOAD);
        preload.rawset(NUMSKY_NAME, NUMSKY);
        io.skyloom.lua.codec.CodecModules.install(preload);
        return g;
    }

    private volatile LuaString luaPath;   // package.path of every service: the node's, as one Lua string

    private LuaString luaPath(Node node) {
        LuaString p = luaPath;
        if (p == null) luaPath = p = LuaString.valueOf(String.join(";", node.config().luaPath()));
        return p;
    }

    private static final LuaString NUMSKY_NAME = LuaString.valueOf("numsky");

    /**
     * require "numsky": NumskyLib, JVM-wide and read-only after it is made, made on the
     * first require (its class builds a hundred functions, which hello.lua does not need).
     */
    private static final LuaValue NUMSKY = new org.luaj.vm2.lib.TwoArgFunction() {
        @Override
        public LuaValue call(LuaValue modname, LuaValue env) {
            return io.skyloom.numsky.lua.NumskyLib.INSTANCE.call(modname, env);
        }
    };

    /** require: the configured Lua path, then Skyloom's built-in modules, compiled once. */
    private final class ModuleSearcher extends VarArgFunction {
        private final ScriptFinder f;
        private final Globals g;

        ModuleSearcher(ScriptFinder f, Globals g) {
            this.f = f;
            this.g = g;
        }

        @Override
        public Varargs invoke(Varargs args) {
            String name = args.checkjstring(1);
            List<String> searched = new ArrayList<>();
            ScriptFinder.Source src = f.module(name, searched);
            if (src == null) {
                String missing = SkynetModules.notProvided(name);
                if (missing != null) throw new LuaError(missing);
                StringBuilder sb = new StringBuilder();
                for (String s : searched) sb.append("\n\tno file '").append(s).append('\'');
                return LuaValue.valueOf(sb.toString());
            }
            return LuaValue.varargsOf(cache.get(src).instantiate(g), LuaValue.valueOf(src.chunkName()));
        }
    }

    /**
     * The service file {@code name} as a function whose globals are {@code env}, and its
     * file name (snax's services are files of the service path); nil and the places
     * searched when there is none.
     */
    Varargs serviceFunction(Node node, String name, LuaValue env) {
        List<String> searched = new ArrayList<>();
        ScriptFinder.Source src;
        try {
            src = finder(node).service(name, searched);
        } catch (SkyloomException e) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.getMessage()));
        }
        if (src == null)
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("no service '" + name + "': searched " + String.join(", ", searched)));
        return LuaValue.varargsOf(cache(node).get(src).instantiate(env), LuaValue.valueOf(src.chunkName()));
    }

    /** Chunks compiled so far by this node's cache. */
    int compilations() {
        return cache == null ? 0 : cache.compilations();
    }

    void log(LuaService s, String text) {
        LOG.info("[{}] {}", s.label(), text);
    }

    void warn(LuaService s, String text) {
        LOG.warn("[{}] {}", s.label(), text);
    }

    void error(LuaService s, String text) {
        LOG.error("[{}] {}", s.label(), text);
    }

    void abort(Node node) {
        node.closeInBackground();
    }

    void stopped(LuaService s) {
        // Nothing kept per service yet; the coroutine library will end its coroutines here.
    }
}
