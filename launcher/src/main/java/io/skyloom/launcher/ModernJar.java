package io.skyloom.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * {@code ModernJar IN OUT CLASSPATH}: a copy of the jar IN whose class files are Java 8's
 * (version 52, with the stack map frames the verifier of that version reads), for the
 * launcher's start-up cache. LuaJ's jar holds Java 1.3 class files, which the JVM
 * verifies with its old verifier and so leaves out of an ahead-of-time cache, and with
 * them every class that extends one (each library function of every Lua state): with
 * them in, {@code ./skyloom run hello.lua} ran in 0.11 s instead of 0.17. The code is
 * LuaJ's own, instruction for instruction. CLASSPATH resolves the types the frames name.
 */
public final class ModernJar {

    private ModernJar() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ModernJar IN.jar OUT.jar CLASSPATH");
            System.exit(2);
        }
        List<URL> urls = new ArrayList<>();
        for (String p : args[2].split(java.io.File.pathSeparator)) if (!p.isEmpty()) urls.add(Path.of(p).toUri().toURL());
        try (URLClassLoader types = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
             InputStream in = Files.newInputStream(Path.of(args[0]));
             OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
            copy(in, out, types);
        }
    }

    private static void copy(InputStream in, OutputStream out, ClassLoader types) throws IOException {
        try (ZipInputStream zin = new ZipInputStream(in); ZipOutputStream zout = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                byte[] b = zin.readAllBytes();
                if (e.getName().endsWith(".class")) b = java8(b, types);
                ZipEntry o = new ZipEntry(e.getName());
                o.setTime(e.getTime());
                zout.putNextEntry(o);
                zout.write(b);
                zout.closeEntry();
            }
        }
    }

    /** The class as version 52, its frames computed anew (a class of 1.3 has none). */
    static byte[] java8(byte[] classFile, ClassLoader types) {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return types;
            }
        };
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, w) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(Math.max(version, Opcodes.V1_8), access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return w.toByteArray();
    }
}
