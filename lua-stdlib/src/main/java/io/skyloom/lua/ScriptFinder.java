package io.skyloom.lua;

import io.skyloom.core.NodeConfig;
import io.skyloom.core.SkyloomException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.lib.ResourceFinder;

/**
 * Where Lua code may come from: the node's service path and Lua path, then Skyloom's
 * built-in modules and services on the class path. Nothing else can be loaded: this is
 * also the {@link ResourceFinder} behind {@code dofile} and {@code loadfile}, so those
 * reach only files inside the configured folders. Immutable, thread-safe.
 */
final class ScriptFinder implements ResourceFinder {

    static final String BUILTIN = "io/skyloom/lua/";

    private final List<String> servicePath;
    private final List<String> luaPath;
    private final List<Path> roots;     // folders of both paths, for dofile/loadfile

    ScriptFinder(NodeConfig config, List<String> extraServicePath) {
        List<String> sp = new ArrayList<>(extraServicePath);
        sp.addAll(config.servicePath());
        this.servicePath = List.copyOf(sp);
        this.luaPath = config.luaPath();
        List<Path> r = new ArrayList<>();
        for (String t : servicePath) r.add(folderOf(t));
        for (String t : luaPath) r.add(folderOf(t));
        this.roots = List.copyOf(r);
    }

    /** A located piece of Lua source: its display name for errors and how to read it. */
    record Source(String chunkName, String key, Path file, String resource) {
        InputStream open() throws IOException {
            if (file != null) return Files.newInputStream(file);
            InputStream in = ScriptFinder.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) throw new IOException("resource vanished: " + resource);
            return in;
        }
    }

    /**
     * The service file {@code name}; null when absent, with {@code searched} filled in. A
     * name is a path relative to the service path's folders: an absolute one, or one with
     * a ".." segment, would run a file outside every service folder and is refused.
     */
    Source service(String name, List<String> searched) {
        if (escapes(name))
            throw new SkyloomException("invalid service name '" + name
                    + "': a service name is relative to the service path, without '..' or a leading '/'");
        Source s = search(servicePath, name, searched);
        if (s != null) return s;
        return builtin("service/" + name + ".lua", searched);
    }

    /** The module {@code name} (dots are folders); null when absent. */
    Source module(String name, List<String> searched) {
        String rel = name.replace('.', '/');
        Source s = search(luaPath, rel, searched);
        if (s != null) return s;
        s = search(servicePath, rel, searched);  // skynet finds modules beside services too
        if (s != null) return s;
        return builtin("lualib/" + rel + ".lua", searched);
    }

    private static boolean escapes(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.indexOf('\0') >= 0) return true;
        if (name.length() > 1 && name.charAt(1) == ':') return true;   // a Windows drive
        // ".." as a whole segment, between separators or the ends (no regex: this runs per spawn)
        for (int start = 0, i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '/' || name.charAt(i) == '\\') {
                if (i - start == 2 && name.charAt(start) == '.' && name.charAt(start + 1) == '.') return true;
                start = i + 1;
            }
        }
        return false;
    }

    private static Source search(List<String> templates, String name, List<String> searched) {
        for (String t : templates) {
            Path p = Path.of(t.replace("?", name));
            if (Files.isRegularFile(p)) return new Source(p.toString(), p.toAbsolutePath().normalize().toString(), p, null);
            searched.add(p.toString());
        }
        return null;
    }

    /** Whether a built-in file exists, by resource name: the jar does not change while we run. */
    private static final java.util.concurrent.ConcurrentHashMap<String, Boolean> BUILTINS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Source builtin(String rel, List<String> searched) {
        String res = BUILTIN + rel;
        // Looked up once per name: a class-path lookup builds URLs and searches every jar,
        // and each spawn asks for skynet.lua and its modules.
        if (BUILTINS.computeIfAbsent(res, r -> ScriptFinder.class.getClassLoader().getResource(r) != null))
            return new Source("skyloom/" + rel, "builtin:" + rel, null, res);
        searched.add("(built-in) " + rel);
        return null;
    }

    /**
     * dofile/loadfile: only files inside the configured folders. A file that exists
     * elsewhere is refused with a message saying so (a LuaError), one that does not exist
     * gives null (LuaJ's "No such file or directory").
     */
    @Override
    public InputStream findResource(String filename) {
        Path p;
        try {
            p = Path.of(filename).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
        if (!Files.isRegularFile(p)) return null;
        for (Path root : roots) {
            if (p.startsWith(root)) {
                try {
                    return Files.newInputStream(p);
                } catch (IOException e) {
                    throw new LuaError("cannot open " + filename + ": " + e.getMessage());
                }
            }
        }
        throw new LuaError("cannot open " + filename
                + ": not allowed (dofile and loadfile read only files inside the service path and the Lua path)");
    }

    String describeServicePath() {
        return String.join(";", servicePath);
    }

    private static Path folderOf(String template) {
        String prefix = template.substring(0, template.indexOf('?'));
        Path p = Path.of(prefix.isEmpty() ? "." : prefix).toAbsolutePath().normalize();
        return prefix.endsWith("/") || prefix.isEmpty() ? p : p.getParent();
    }
}
