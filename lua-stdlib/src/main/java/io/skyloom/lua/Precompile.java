package io.skyloom.lua;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.SyntaxErrors;
import org.luaj.vm2.luajc.JavaGen;

/**
 * Run by the build (lua-stdlib's process-classes phase): compiles every built-in Lua
 * file with LuaJC into the module's classes, as {@link CodeCache} would at run time
 * (the entry jump, the loop checks, the one-value calls), plus an index of its classes.
 * With LuaJC on, a node then takes skynet.lua and the other built-ins from the jar
 * instead of running BCEL at start-up (about 0.3 s for skynet.lua alone), and the JVM's
 * start-up cache can hold them. Not for users.
 */
public final class Precompile {

    private Precompile() {}

    /** The class of built-in file {@code rel} ("lualib/skynet.lua"): a Java name from its path. */
    static String className(String rel) {
        StringBuilder sb = new StringBuilder(ErrorMessages.LUAJC_PREFIX).append("builtin_");
        for (char c : rel.substring(0, rel.length() - ".lua".length()).toCharArray())
            sb.append(Character.isLetterOrDigit(c) ? c : '_');
        return sb.toString();
    }

    /**
     * The index of a precompiled file: its classes, one a line, in the order of its prototypes,
     * each followed by a tab and how tracebacks name its function (nothing for the main chunk).
     */
    static String indexResource(String className) {
        return className + ".classes";
    }

    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        Path root = classes.resolve(ScriptFinder.BUILTIN);
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".lua")).sorted().toList();
        }
        for (Path f : files) {
            String rel = root.relativize(f).toString().replace('\\', '/');
            String className = className(rel);
            Prototype p;
            try (InputStream in = Files.newInputStream(f)) {
                p = SyntaxErrors.compile(in, "@skyloom/" + rel);
            }
            JavaGen gen = new JavaGen(EntryJump.fix(p), className, "skyloom/" + rel, false);
            java.util.LinkedHashMap<String, byte[]> made = new java.util.LinkedHashMap<>();
            CodeCache.generate(gen, made);   // as a run compiles a node's own files
            for (var c : made.entrySet()) Files.write(classes.resolve(c.getKey() + ".class"), c.getValue());
            List<String> names = List.copyOf(made.keySet());
            Map<String, String> labels = new HashMap<>();
            if (!CodeCache.pair(p, names, new HashMap<>(), labels, "skyloom/" + rel))
                throw new IllegalStateException("LuaJC's classes of " + rel + " do not match its functions");
            List<String> index = names.stream().map(n -> n + "\t" + labels.getOrDefault(n, "")).toList();
            Files.write(classes.resolve(indexResource(className)), index);
        }
        Files.writeString(classes.resolve(ClassCache.FINGERPRINT_RESOURCE), fingerprint(classes));
        System.out.println("skyloom: " + files.size() + " built-in Lua files compiled with LuaJC");
    }

    /**
     * What the classes of a Lua file depend on besides its source: this module's classes
     * (LoopGuard, EntryJump and all that reads their output) and the jars of LuaJ and BCEL,
     * as one SHA-256. {@link ClassCache} keys its files with it: another build misses.
     */
    static String fingerprint(Path classes) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");   // every JVM has one
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        Path own = classes.resolve("io/skyloom/lua");
        List<Path> files;
        try (Stream<Path> s = Files.walk(own)) {
            files = s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        }
        for (Path f : files) {
            md.update(own.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update(Files.readAllBytes(f));
        }
        for (Class<?> c : List.of(JavaGen.class, org.apache.bcel.classfile.JavaClass.class)) {
            try {
                md.update(Files.readAllBytes(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())));
            } catch (java.net.URISyntaxException | RuntimeException e) {
                md.update(String.valueOf(c.getPackage().getImplementationVersion()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

}
