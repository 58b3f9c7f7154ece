package io.skyloom.lua;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ConcurrentHashMap;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.LuaC;

/**
 * skynet's code cache: each Lua file is compiled once per node and every service that
 * runs it gets a fresh closure over the shared, immutable prototype. Built-in modules
 * are compiled once per JVM. Thread-safe.
 */
final class CodeCache {

    private static final ConcurrentHashMap<String, Prototype> BUILTINS = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Prototype> files = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger compiled = new java.util.concurrent.atomic.AtomicInteger();

    /** The compiled chunk; a syntax error raises a LuaError naming file and line. */
    Prototype get(ScriptFinder.Source src) {
        var map = src.file() == null ? BUILTINS : files;
        Prototype p = map.get(src.key());
        if (p != null) return p;
        return map.computeIfAbsent(src.key(), k -> {
            if (map == files) compiled.incrementAndGet();
            return compile(src);
        });
    }

    /** How many of the node's own files this cache compiled (for tests of the compile-once rule). */
    int compilations() {
        return compiled.get();
    }

    static Prototype compile(ScriptFinder.Source src) {
        try (InputStream in = src.open()) {
            return LuaC.instance.compile(in, "@" + src.chunkName());
        } catch (IOException e) {
            throw new LuaError("cannot read " + src.chunkName() + ": " + e.getMessage());
        }
    }

    static Prototype compileText(String text, String chunkName) {
        try {
            return LuaC.instance.compile(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), chunkName);
        } catch (IOException e) {
            throw new LuaError("cannot compile " + chunkName + ": " + e.getMessage());
        }
    }
}
