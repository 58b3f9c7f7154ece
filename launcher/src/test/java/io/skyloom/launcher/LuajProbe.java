package io.skyloom.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.luaj.vm2.Globals;
import org.luaj.vm2.lib.jse.JsePlatform;

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
        Globals g = JsePlatform.standardGlobals();
        System.out.println("RESULT " + g.load(Files.readString(Path.of(args[0])), "probe").call().tojstring());
    }
}
