package io.skyloom.lua;

import io.skyloom.core.NodeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /** The service file {@code name}; null when absent, with {@code searched} filled in. */
    Source service(String name, List<String> searched) {
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

    private static Source search(List<String> templates, String name, List<String> searched) {
        for (String t : templates) {
            Path p = Path.of(t.replace("?", name));
            if (Files.isRegularFile(p)) return new Source(p.toString(), p.toAbsolutePath().normalize().toString(), p, null);
            searched.add(p.toString());
        }
        return null;
    }

    private static Source builtin(String rel, List<String> searched) {
        String res = BUILTIN + rel;
        if (ScriptFinder.class.getClassLoader().getResource(res) != null)
            return new Source("skyloom/" + rel, "builtin:" + rel, null, res);
        searched.add("(built-in) " + rel);
        return null;
    }

    /** dofile/loadfile: only files inside the configured folders. */
    @Override
    public InputStream findResource(String filename) {
        Path p = Path.of(filename).toAbsolutePath().normalize();
        for (Path root : roots) {
            if (p.startsWith(root) && Files.isRegularFile(p)) {
                try {
                    return Files.newInputStream(p);
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
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
