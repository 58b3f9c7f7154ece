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
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * {@code ModernJar IN OUT CLASSPATH}: a copy of the jar IN whose class files older than
 * Java 8's are Java 8's (version 52, with the stack map frames the verifier of that
 * version reads; newer ones are copied as they are), for the launcher's start-up cache:
 * LuaJ's jar and lua-stdlib's, whose built-in Lua LuaJC compiled into Java 1.1 class
 * files. LuaJ's jar holds Java 1.3 class files, which the JVM
 * verifies with its old verifier and so leaves out of an ahead-of-time cache, and with
 * them every class that extends one (each library function of every Lua state): with
 * them in, {@code ./skyloom run hello.lua} ran in 0.11 s instead of 0.17. The code is
 * LuaJ's own, instruction for instruction. CLASSPATH resolves the types the frames name.
 */
public final class ModernJar {

    private ModernJar() {}

    /** Exit 0 with OUT written; 1 with one line naming what could not be read, and no OUT; 2 bad usage. */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: ModernJar IN.jar OUT.jar CLASSPATH");
            System.exit(2);
        }
        try {
            rewrite(Path.of(args[0]), Path.of(args[1]), args[2]);
        } catch (IOException e) {
            System.err.println("ModernJar: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Writes {@code out}, the jar {@code in} with its class files as Java 8's. A file that
     * is not a jar, or a class file ASM cannot read or frame, is an IOException naming
     * it, and {@code out} is not left behind.
     */
    static void rewrite(Path in, Path out, String classPath) throws IOException {
        List<URL> urls = new ArrayList<>();
        for (String p : classPath.split(java.io.File.pathSeparator)) if (!p.isEmpty()) urls.add(Path.of(p).toUri().toURL());
        boolean done = false;
        try (URLClassLoader types = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
             ZipFile jar = open(in);
             OutputStream o = Files.newOutputStream(out)) {
            copy(in, jar, o, types);
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(out);
        }
    }

    private static ZipFile open(Path in) throws IOException {
        try {
            return new ZipFile(in.toFile());
        } catch (ZipException e) {
            throw new IOException(in + " is not a jar: " + e.getMessage(), e);
        }
    }

    private static void copy(Path in, ZipFile jar, OutputStream out, ClassLoader types) throws IOException {
        if (jar.size() == 0) throw new IOException(in + " holds no entries");
        try (ZipOutputStream zout = new ZipOutputStream(out)) {
            for (ZipEntry e : java.util.Collections.list(jar.entries())) {
                byte[] b;
                try (InputStream is = jar.getInputStream(e)) {
                    b = is.readAllBytes();
                }
                if (e.getName().endsWith(".class") && major(b) < 52) b = java8(in, e.getName(), b, types);
                ZipEntry o = new ZipEntry(e.getName());
                o.setTime(e.getTime());
                zout.putNextEntry(o);
                zout.write(b);
                zout.closeEntry();
            }
        }
    }

    /** A class file's major version (0 for a file too short to say): Java 8's is 52. */
    private static int major(byte[] classFile) {
        return classFile.length < 8 ? 0 : (classFile[6] & 0xff) << 8 | classFile[7] & 0xff;
    }

    private static byte[] java8(Path in, String entry, byte[] classFile, ClassLoader types) throws IOException {
        try {
            return java8(classFile, types);
        } catch (RuntimeException e) {   // ASM's way to say a class file is malformed, or a type is missing
            throw new IOException(in + ": " + entry + " cannot be rewritten: " + e, e);
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
                // ASM's version is minor << 16 | major: BCEL writes 45.3, which compares above 52.0
                super.visit((version & 0xFFFF) < Opcodes.V1_8 ? Opcodes.V1_8 : version, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return w.toByteArray();
    }
}
