package io.skyloom.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.luaj.vm2.Globals;

/**
 * {@code LuajProbe CHUNK.lua}, the main class of a child JVM for {@link ModernJarTest}: links
 * every class of the LuaJ jar on its class path (linking verifies; nothing is initialised),
 * printing {@code LINKED n} and a {@code FAILED} line per class that did not link, then runs
 * the chunk on LuaJ's standard globals and prints {@code RESULT} and what it returned.
 */
public final class LuajProbe {

    private LuajProbe() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(Globals.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        int linked = 0;
        try (ZipFile z = new ZipFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                String n = e.getName();
                if (!n.endsWith(".class")) continue;
                String name = n.substring(0, n.length() - ".class".length()).replace('/', '.');
                try {
                    Class.forName(name, false, LuajProbe.class.getClassLoader()).getDeclaredMethods();   // links it
                    linked++;
                } catch (LinkageError | ClassNotFoundException failed) {
                    System.out.println("FAILED " + name + ": " + failed);
                }
            }
        }
        System.out.println("LINKED " + linked);
        // LuaJ's libraries without luajava: nothing in the project gets Java reflection from Lua.
        Globals g = new Globals();
        for (org.luaj.vm2.LuaValue lib : new org.luaj.vm2.LuaValue[] {new org.luaj.vm2.lib.jse.JseBaseLib(),
                new org.luaj.vm2.lib.PackageLib(), new org.luaj.vm2.lib.Bit32Lib(), new org.luaj.vm2.lib.TableLib(),
                new org.luaj.vm2.lib.StringLib(), new org.luaj.vm2.lib.CoroutineLib(), new org.luaj.vm2.lib.jse.JseMathLib()})
            g.load(lib);
        org.luaj.vm2.LoadState.install(g);
        org.luaj.vm2.compiler.LuaC.install(g);
        System.out.println("RESULT " + g.load(Files.readString(Path.of(args[0])), "probe").call().tojstring());
    }
}
