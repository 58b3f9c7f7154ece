package io.skyloom.lua;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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
    private final ClassCache disk;   // null: the node's files are compiled in every run
    private final ConcurrentHashMap<String, Chunk> files = new ConcurrentHashMap<>();
    private final AtomicInteger compiled = new AtomicInteger();

    /** {@code classCache}: the folder of the {@link ClassCache} for the node's own files, or null. */
    CodeCache(boolean luajc, java.nio.file.Path classCache) {
        this.luajc = luajc;
        this.disk = luajc ? ClassCache.open(classCache) : null;
    }

    /** The compiled chunk; a syntax error raises a LuaError naming file and line. */
    Chunk get(ScriptFinder.Source src) {
        var map = src.file() == null ? BUILTINS : files;
        String key = (luajc ? "jc:" : "") + src.key();
        Chunk c = map.get(key);
        if (c != null) return c;
        return map.computeIfAbsent(key, k -> {
            if (map == files) {
                compiled.incrementAndGet();
                byte[] text = read(src);
                Prototype p = parse(text, src.chunkName());
                return namesMemlimit(p) ? interpreted(p) : chunk(p, src.chunkName(), text);
            }
            Chunk built = luajc ? precompiled(src) : null;   // no parse: prototypes come when asked for
            return built != null ? built : chunk(parse(read(src), src.chunkName()), src.chunkName(), null);
        });
    }

    /** Source text that is not a file (pyskynet's scriptservice): compiled each time. */
    Chunk text(String text, String chunkName) {
        try {
            Prototype p = SyntaxErrors.compile(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), chunkName);
            return namesMemlimit(p) ? interpreted(p) : chunk(p, chunkName, null);
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

    /** {@code text}: the source of a node file, for the {@link ClassCache}; null for a chunk it does not keep. */
    private Chunk chunk(Prototype p, String name, byte[] text) {
        if (!luajc) return interpreted(p);
        try {
            return compiled(p, name, text);
        } catch (RuntimeException | LinkageError e) {
            // LuaJ's compiler has limits the interpreter has not (a method's 64 KiB of code): run it as Lua.
            org.slf4j.LoggerFactory.getLogger("io.skyloom.lua")
                    .warn("LuaJC cannot compile {} ({}): it runs interpreted", name, e.toString());
            return interpreted(p);
        }
    }

    private Chunk compiled(Prototype p, String name, byte[] text) {
        ClassCache cache = text == null ? null : disk;
        String key = cache == null ? null : cache.key(name, text);
        // Named by the chunk's digest when it may come from the disk cache (the same name in every
        // run), else by a counter. Either way unique in this JVM, as LABELS needs.
        String classname = ErrorMessages.LUAJC_PREFIX + (key != null ? "f" + key.substring(0, 20) : CLASSES.incrementAndGet());
        if (cache != null) {
            LinkedHashMap<String, byte[]> stored = cache.read(key, classname, name, text);
            if (stored != null) {
                try {
                    return define(p, name, classname, stored);
                } catch (RuntimeException | LinkageError e) {
                    org.slf4j.LoggerFactory.getLogger("io.skyloom.lua")
                            .warn("LuaJC class cache: the classes stored for {} do not load ({}); compiling anew", name, e.toString());
                }
            }
        }
        LinkedHashMap<String, byte[]> classes = new LinkedHashMap<>();
        generate(new JavaGen(EntryJump.fix(p), classname, name, false), classes);
        Chunk c = define(p, name, classname, classes);
        if (cache != null) cache.write(key, classes, name, text);
        return c;
    }

    // LuaJC's classes in its order (a prototype, then its p.p), each as LoopGuard rewrites it.
    static void generate(JavaGen gen, LinkedHashMap<String, byte[]> classes) {
        classes.put(gen.classname, LoopGuard.rewrite(gen.bytecode, gen.classname));
        if (gen.inners != null) for (JavaGen inner : gen.inners) generate(inner, classes);
    }

    private static Chunk define(Prototype p, String name, String classname, LinkedHashMap<String, byte[]> classes) {
        Map<String, Prototype> prototypes = new java.util.HashMap<>();
        Map<String, String> labels = new java.util.HashMap<>();
        java.util.List<String> order = java.util.List.copyOf(classes.keySet());
        if (!order.get(0).equals(classname) || !pair(p, order, prototypes, labels, name))
            throw new IllegalStateException("the classes of " + name + " do not match its " + count(p) + " functions");
        // One class loader per chunk holds its classes; instances are cheap.
        GuardedLoader loader = new GuardedLoader(classes, prototypes);
        LABELS.putAll(labels);
        // The main class is defined, initialized and its constructor looked up here, once: two
        // services of a new file doing it at their first instance met in the loader's lock
        // under a native reflection frame, pinning the waiting virtual thread to its carrier.
        java.lang.reflect.Constructor<?> main = loader.mainConstructor(classname);
        loader.defineAll();   // a class the JVM refuses (a method over 64 KiB) fails here, not mid-run
        return env -> GuardedLoader.instantiate(main, env);
    }

    private static int count(Prototype p) {
        int n = 1;
        for (Prototype child : p.p) n += count(child);
        return n;
    }

    /**
     * LuaJC's classes of one chunk, each already rewritten by {@link LoopGuard} (a stop check at its
     * loop headers so that kill can stop a compiled endless loop, nil for a call's missing value).
     * All are defined when the chunk is made.
     */
    private static final class GuardedLoader extends ClassLoader {
        private final Map<String, byte[]> classes;
        private final Map<String, Prototype> prototypes;   // for skynet.service and hotfix

        GuardedLoader(Map<String, byte[]> classes, Map<String, Prototype> prototypes) {
            super(CodeCache.class.getClassLoader());
            this.classes = new ConcurrentHashMap<>(classes);
            this.prototypes = Map.copyOf(prototypes);
        }

        /**
         * This chunk's own classes first: the parent, asked for a name only this loader
         * has, searched every jar of the class path before it said no (one miss per class
         * of a chunk; the first opened all 48 jars of {@code ./skyloom run}, 25 ms).
         */
        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && classes.containsKey(name)) c = findClass(name);
                if (c != null) {
                    if (resolve) resolveClass(c);
                    return c;
                }
            }
            return super.loadClass(name, resolve);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.remove(name);
            if (b == null) throw new ClassNotFoundException(name);
            return defineClass(name, b, 0, b.length);
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

    /**
     * The built-in files the build compiled ({@link Precompile}), by each of their classes.
     * Their prototypes are parsed from the source the first time one is asked for
     * (skynet.service, hotfix), not at start-up: parsing skynet.lua cold took a run ~25 ms.
     */
    private static final ConcurrentHashMap<String, Builtin> BUILTIN_OF = new ConcurrentHashMap<>();

    /** A built-in file the build compiled: its source and its classes in LuaJC's order. Thread-safe. */
    private static final class Builtin {
        private final ScriptFinder.Source src;
        private final java.util.List<String> classes;
        private final java.util.concurrent.locks.ReentrantLock parsing = new java.util.concurrent.locks.ReentrantLock();
        private volatile Map<String, Prototype> prototypes;   // null until asked for; empty when they do not pair

        Builtin(ScriptFinder.Source src, java.util.List<String> classes) {
            this.src = src;
            this.classes = classes;
        }

        Prototype prototype(String className) {
            Map<String, Prototype> m = prototypes;
            if (m == null) {
                parsing.lock();   // once: hotfix and skynet.service compare the prototypes they get
                try {
                    if ((m = prototypes) == null) {
                        Map<String, Prototype> found = new java.util.HashMap<>();
                        boolean ok = pair(parse(read(src), src.chunkName()), classes, found, new java.util.HashMap<>(), src.chunkName());
                        prototypes = m = ok ? Map.copyOf(found) : Map.of();
                    }
                } finally {
                    parsing.unlock();
                }
            }
            return m.get(className);
        }
    }

    /**
     * A built-in file's classes from the jar, compiled by the build: no BCEL and no parse at
     * run time. The build's index names each class (a prototype, then its p.p, as LuaJC makes
     * them), a tab, and how tracebacks name its function. Null when the build made none for
     * it (then it is compiled here).
     */
    private static Chunk precompiled(ScriptFinder.Source src) {
        String className = Precompile.className(src.key().substring("builtin:".length()));
        ClassLoader cl = CodeCache.class.getClassLoader();
        java.util.List<String> classes = new java.util.ArrayList<>();
        Map<String, String> labels = new java.util.HashMap<>();
        try (InputStream in = cl.getResourceAsStream(Precompile.indexResource(className))) {
            if (in == null) return null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                int tab = line.indexOf('\t');
                if (tab < 0) return null;   // an index of another build's form
                classes.add(line.substring(0, tab));
                if (tab + 1 < line.length()) labels.put(line.substring(0, tab), line.substring(tab + 1));
            }
        } catch (IOException e) {
            return null;
        }
        try {
            java.lang.reflect.Constructor<?> main = Class.forName(className, true, cl).getDeclaredConstructor();
            LABELS.putAll(labels);
            Builtin b = new Builtin(src, java.util.List.copyOf(classes));
            for (String c : classes) BUILTIN_OF.putIfAbsent(c, b);
            return env -> GuardedLoader.instantiate(main, env);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /**
     * Pairs LuaJC's classes of a chunk (a prototype, then those of its p.p in order) with the
     * prototypes of {@code p}, and names each function as tracebacks do; false when they do
     * not match one to one. The build's {@link Precompile} names them the same way.
     */
    static boolean pair(Prototype p, java.util.List<String> classes, Map<String, Prototype> found,
                        Map<String, String> labels, String chunk) {
        int[] at = {0};
        return pairFrom(p, classes, at, found, labels, chunk) && at[0] == classes.size();
    }

    private static boolean pairFrom(Prototype p, java.util.List<String> classes, int[] at, Map<String, Prototype> found,
                                    Map<String, String> labels, String chunk) {
        if (at[0] >= classes.size()) return false;
        found.put(classes.get(at[0]++), p);
        for (int i = 0; i < p.p.length; i++) {
            if (at[0] >= classes.size()) return false;
            labels.put(classes.get(at[0]), FunctionNames.label(p, i, chunk));
            if (!pairFrom(p.p[i], classes, at, found, labels, chunk)) return false;
        }
        return true;
    }

    /** The prototype a Lua function runs, interpreted or compiled by LuaJC; null for a Java function. */
    static Prototype prototypeOf(LuaFunction f) {
        if (f instanceof LuaClosure c) return c.p;
        Builtin b = BUILTIN_OF.get(f.getClass().getName());
        if (b != null) return b.prototype(f.getClass().getName());
        if (f.getClass().getClassLoader() instanceof GuardedLoader g) return g.prototypes.get(f.getClass().getName());
        return null;
    }

    private static byte[] read(ScriptFinder.Source src) {
        try (InputStream in = src.open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new LuaError("cannot read " + src.chunkName() + ": " + e.getMessage());
        }
    }

    private static Prototype parse(byte[] text, String chunkName) {
        try {
            return SyntaxErrors.compile(new ByteArrayInputStream(text), "@" + chunkName);   // LuaC's parse, Lua's messages
        } catch (IOException e) {
            throw new LuaError("cannot read " + chunkName + ": " + e.getMessage());
        }
    }
}
