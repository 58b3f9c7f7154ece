package io.skyloom.lua;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /** The index of a precompiled file: its classes, one a line, in the order of its prototypes. */
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
            List<String> names = new ArrayList<>();
            write(gen, classes, names);
            Files.write(classes.resolve(indexResource(className)), names);
        }
        System.out.println("skyloom: " + files.size() + " built-in Lua files compiled with LuaJC");
    }

    private static void write(JavaGen gen, Path classes, List<String> names) throws IOException {
        names.add(gen.classname);
        Files.write(classes.resolve(gen.classname + ".class"), LoopGuard.rewrite(gen.bytecode, gen.classname));
        if (gen.inners != null) for (JavaGen inner : gen.inners) write(inner, classes, names);
    }
}
