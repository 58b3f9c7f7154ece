package io.skyloom.lua;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.SyntaxErrors;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.luajc.JavaGen;

/**
 * skynet's code cache: each Lua file is compiled once per node and every service that
 * runs it gets a fresh function over the shared, immutable compiled form. Built-in
 * modules are compiled once per JVM. With LuaJC on, a chunk becomes JVM classes once and
 * each service gets a new instance of them. Thread-safe.
 */
final class CodeCache {

    /** A compiled chunk; {@link #instantiate} gives one service its own function of it. */
    interface Chunk {
        LuaFunction instantiate(LuaValue env);   // env: a service's Globals, or a table standing in for them (snax)
    }

    private static final ConcurrentHashMap<String, Chunk> BUILTINS = new ConcurrentHashMap<>();
    private static final AtomicInteger CLASSES = new AtomicInteger();

    private final boolean luajc;
    private final ConcurrentHashMap<String, Chunk> files = new ConcurrentHashMap<>();
    private final AtomicInteger compiled = new AtomicInteger();

    CodeCache(boolean luajc) {
        this.luajc = luajc;
    }

    /** The compiled chunk; a syntax error raises a LuaError naming file and line. */
    Chunk get(ScriptFinder.Source src) {
        var map = src.file() == null ? BUILTINS : files;
        String key = (luajc ? "jc:" : "") + src.key();
        Chunk c = map.get(key);
        if (c != null) return c;
        return map.computeIfAbsent(key, k -> {
            if (map == files) compiled.incrementAndGet();
            Prototype p = parse(src);
            if (map == files) return namesMemlimit(p) ? interpreted(p) : chunk(p, src.chunkName());
            Chunk built = luajc ? precompiled(src, p) : null;
            return built != null ? built : chunk(p, src.chunkName());
        });
    }

    /** Source text that is not a file (pyskynet's scriptservice): compiled each time. */
    Chunk text(String text, String chunkName) {
        try {
            Prototype p = SyntaxErrors.compile(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), chunkName);
            return namesMemlimit(p) ? interpreted(p) : chunk(p, chunkName);
        } catch (IOException e) {
            throw new LuaError("cannot compile " + chunkName + ": " + e.getMessage());
        }
    }

    /** How many of the node's own files this cache compiled (for tests of the compile-once rule). */
    int compilations() {
        return compiled.get();
    }

    private static Chunk interpreted(Prototype p) {
        return env -> new LuaClosure(p, env);
    }

    /**
     * True when a service's own file names skynet.memlimit (a string constant "memlimit"
     * anywhere in it): with LuaJC on it runs interpreted, because the limit counts what
     * the running task's frames hold and compiled frames keep their locals out of reach
     * (the built-in modules, skynet.lua among them, stay compiled).
     */
    private boolean namesMemlimit(Prototype p) {
        if (!luajc) return false;
        for (LuaValue k : p.k) if (k.isstring() && !k.isnumber() && MEMLIMIT.raweq(k)) return true;
        for (Prototype child : p.p) if (namesMemlimit(child)) return true;
        return false;
    }

    private static final LuaValue MEMLIMIT = LuaValue.valueOf("memlimit");

    private Chunk chunk(Prototype p, String name) {
        if (!luajc) return interpreted(p);
        try {
            return compiled(p, name);
        } catch (RuntimeException | LinkageError e) {
            // LuaJ's compiler has limits the interpreter has not (a method's 64 KiB of code): run it as Lua.
            org.slf4j.LoggerFactory.getLogger("io.skyloom.lua")
                    .warn("LuaJC cannot compile {} ({}): it runs interpreted", name, e.toString());
            return interpreted(p);
        }
    }

    private static Chunk compiled(Prototype p, String name) {
        // One class loader per chunk holds its generated classes; instances are cheap.
        String classname = ErrorMessages.LUAJC_PREFIX + CLASSES.incrementAndGet();
        GuardedLoader loader = new GuardedLoader(new JavaGen(EntryJump.fix(p), classname, name, false), p, name);
        // The main class is defined, initialized and its constructor looked up here, once: two
        // services of a new file doing it at their first instance met in the loader's lock
        // under a native reflection frame, pinning the waiting virtual thread to its carrier.
        java.lang.reflect.Constructor<?> main = loader.mainConstructor(classname);
        loader.defineAll();   // a class the JVM refuses (a method over 64 KiB) fails here, not mid-run
        return env -> GuardedLoader.instantiate(main, env);
    }

    /**
     * LuaJC's classes of one chunk, each rewritten by {@link LoopGuard} (a stop check at its loop
     * headers so that kill can stop a compiled endless loop, nil for a call's missing value). All are defined
     * when the chunk is made.
     */
    private static final class GuardedLoader extends ClassLoader {
        private final Map<String, byte[]> classes = new ConcurrentHashMap<>();
        private final Map<String, Prototype> prototypes = new ConcurrentHashMap<>();   // for skynet.service and hotfix

        private final String chunk;

        GuardedLoader(JavaGen gen, Prototype p, String chunk) {
            super(CodeCache.class.getClassLoader());
            this.chunk = chunk;
            include(gen, p);
        }

        // LuaJC makes the inner classes of a prototype in the order of its p.p.
        private void include(JavaGen gen, Prototype p) {
            classes.put(gen.classname, gen.bytecode);
            prototypes.put(gen.classname, p);
            if (gen.inners == null) return;
            for (int i = 0; i < gen.inners.length; i++) {
                if (p != null && i < p.p.length) LABELS.put(gen.inners[i].classname, FunctionNames.label(p, i, chunk));
                include(gen.inners[i], p != null && i < p.p.length ? p.p[i] : null);
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.remove(name);
            if (b == null) throw new ClassNotFoundException(name);
            byte[] guarded = LoopGuard.rewrite(b, name);
            return defineClass(name, guarded, 0, guarded.length);
        }

        void defineAll() {
            for (String name : java.util.List.copyOf(classes.keySet())) {
                try {
                    loadClass(name);
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("cannot define LuaJC's " + name, e);
                }
            }
        }

        java.lang.reflect.Constructor<?> mainConstructor(String classname) {
            try {
                return Class.forName(classname, true, this).getDeclaredConstructor();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load LuaJC's " + classname, e);
            }
        }

        static LuaFunction instantiate(java.lang.reflect.Constructor<?> main, LuaValue env) {
            try {
                LuaFunction f = (LuaFunction) main.newInstance();
                f.initupvalue1(env);
                return f;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot instantiate LuaJC's " + main.getDeclaringClass().getName(), e);
            }
        }
    }

    /**
     * How tracebacks name compiled functions, by class ({@link FunctionNames#label}):
     * they see frames as class names only. Class names are unique per JVM; an entry is a
     * few dozen bytes per function compiled.
     */
    private static final ConcurrentHashMap<String, String> LABELS = new ConcurrentHashMap<>();

    /** "function 'f'" or "function <file:12>" for the compiled function of class {@code className}, or null. */
    static String functionLabel(String className) {
        return LABELS.get(className);
    }

    /** Prototypes of the built-in files' classes the build compiled ({@link Precompile}), by class. */
    private static final ConcurrentHashMap<String, Prototype> PRECOMPILED = new ConcurrentHashMap<>();

    /**
     * A built-in file's classes from the jar, compiled by the build: no BCEL at run time.
     * Null when the build made none for it or they do not match its prototypes (then it
     * is compiled here).
     */
    private static Chunk precompiled(ScriptFinder.Source src, Prototype p) {
        String className = Precompile.className(src.key().substring("builtin:".length()));
        ClassLoader cl = CodeCache.class.getClassLoader();
        java.util.List<String> classes;
        try (InputStream in = cl.getResourceAsStream(Precompile.indexResource(className))) {
            if (in == null) return null;
            classes = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return null;
        }
        Map<String, Prototype> found = new java.util.LinkedHashMap<>();
        Map<String, String> labels = new java.util.HashMap<>();
        if (!pair(p, classes, new int[1], found, labels, src.chunkName()) || found.size() != classes.size()) return null;
        try {
            java.lang.reflect.Constructor<?> main = Class.forName(className, true, cl).getDeclaredConstructor();
            PRECOMPILED.putAll(found);
            LABELS.putAll(labels);
            return env -> GuardedLoader.instantiate(main, env);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    // The index lists a chunk's classes as LuaJC makes them: a prototype, then its p.p in order.
    private static boolean pair(Prototype p, java.util.List<String> classes, int[] at, Map<String, Prototype> found,
                                Map<String, String> labels, String chunk) {
        if (at[0] >= classes.size()) return false;
        found.put(classes.get(at[0]++), p);
        for (int i = 0; i < p.p.length; i++) {
            if (at[0] >= classes.size()) return false;
            labels.put(classes.get(at[0]), FunctionNames.label(p, i, chunk));
            if (!pair(p.p[i], classes, at, found, labels, chunk)) return false;
        }
        return true;
    }

    /** The prototype a Lua function runs, interpreted or compiled by LuaJC; null for a Java function. */
    static Prototype prototypeOf(LuaFunction f) {
        if (f instanceof LuaClosure c) return c.p;
        Prototype built = PRECOMPILED.get(f.getClass().getName());
        if (built != null) return built;
        if (f.getClass().getClassLoader() instanceof GuardedLoader g) return g.prototypes.get(f.getClass().getName());
        return null;
    }

    private static Prototype parse(ScriptFinder.Source src) {
        try (InputStream in = src.open()) {
            return SyntaxErrors.compile(in, "@" + src.chunkName());   // LuaC's parse, Lua's messages
        } catch (IOException e) {
            throw new LuaError("cannot read " + src.chunkName() + ": " + e.getMessage());
        }
    }
}
