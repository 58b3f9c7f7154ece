package io.skyloom.lua;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LuaJC's classes of a node's own Lua files kept on disk between runs, as Python keeps
 * {@code __pycache__}: a second {@code ./skyloom run main.lua} defines the classes the first
 * one made instead of running BCEL again (measured 35-45 ms of a hello.lua's start-up).
 * One file per compiled chunk, named by checksums (CRC-32C, CRC-32, Adler-32 and the length)
 * of the compiler's fingerprint (the SHA-256 of every class of this module and LuaJ's code
 * generator, taken by the build), the chunk name and the source bytes, and holding all three:
 * a file is used only when they are the ones asked for, so an edited file, a moved file or a
 * rebuilt Skyloom misses and compiles anew, and two chunks whose checksums meet take turns
 * in one file rather than run each other's classes. (A SHA-256 of the key took 9-13 ms of
 * each start, the JDK's security providers starting up for it.) The classes are stored as
 * {@link LoopGuard} left them.
 *
 * <p>The folder is this user's alone (mode 700; one that others may write to is not used:
 * its classes would run as Java code), each file is written beside its place and moved in,
 * and carries a CRC-32C of its contents: a torn, truncated or foreign file is ignored with a
 * warning and replaced. At most {@link #MAX_FILES} files; the oldest go first. Thread-safe:
 * it holds no state but its folder.
 */
final class ClassCache {

    static final String FINGERPRINT_RESOURCE = "skyloom-luajc.fingerprint";
    static final int MAX_FILES = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger("io.skyloom.lua");
    private static final byte[] MAGIC = "skyloom-luajc 2\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_CLASSES = 65_536;
    private static final int MAX_CLASS_BYTES = 64 << 20;
    private static final String SUFFIX = ".luajc";

    private final Path dir;
    private final byte[] fingerprint;

    private ClassCache(Path dir, byte[] fingerprint) {
        this.dir = dir;
        this.fingerprint = fingerprint;
    }

    /**
     * The cache in {@code dir}, made (mode 700) when missing; null when there is none to
     * use: no folder asked for, a build without a fingerprint (classes run from an IDE), or
     * a folder that cannot be made or that others may write to (said once in the log).
     */
    static ClassCache open(Path dir) {
        if (dir == null) return null;
        byte[] fp = fingerprint();
        if (fp == null) return null;
        try {
            Path d = dir.toAbsolutePath();
            if (!Files.isDirectory(d)) {
                Files.createDirectories(d.getParent());
                try {
                    Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another node made it first
                } catch (UnsupportedOperationException notPosix) {
                    Files.createDirectories(d);
                }
            }
            String unsafe = unsafe(d);
            if (unsafe != null) {
                LOG.warn("LuaJC class cache {} not used: {}", d, unsafe);
                return null;
            }
            return new ClassCache(d, fp);
        } catch (IOException | RuntimeException e) {
            LOG.warn("LuaJC class cache {} not used: {}", dir, e.toString());
            return null;
        }
    }

    // Why a folder must not hold classes this JVM will run: null when it is fine.
    private static String unsafe(Path d) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(d, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (posix == null) return null;
        var attrs = posix.readAttributes();
        if (!attrs.isDirectory()) return "not a directory (or a symbolic link)";
        Set<PosixFilePermission> p = attrs.permissions();
        if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE))
            return "others may write to it (" + PosixFilePermissions.toString(p) + "); chmod 700 it";
        String me = System.getProperty("user.name");
        if (me != null && !me.isEmpty() && !attrs.owner().getName().equals(me))
            return "owned by " + attrs.owner().getName() + ", not " + me;
        return null;
    }

    /** The build's fingerprint of the compiler (Precompile writes it); null when absent. */
    private static byte[] fingerprint() {
        try (InputStream in = ClassCache.class.getClassLoader().getResourceAsStream(FINGERPRINT_RESOURCE)) {
            if (in == null) return null;
            byte[] b = in.readAllBytes();
            return b.length == 0 ? null : b;
        } catch (IOException e) {
            return null;
        }
    }

    /** The key of a chunk: 32 hex digits of checksums of the fingerprint, its name and its source. */
    String key(String chunkName, byte[] source) {
        return digest(fingerprint, chunkName, source);
    }

    static String digest(byte[] fingerprint, String chunkName, byte[] source) {
        byte[] name = chunkName.getBytes(StandardCharsets.UTF_8);
        CRC32C c = new CRC32C();
        CRC32 d = new CRC32();
        Adler32 a = new Adler32();
        for (byte[] part : new byte[][] {fingerprint, SEPARATOR, name, SEPARATOR, source}) {
            c.update(part);
            d.update(part);
            a.update(part);
        }
        long length = (long) fingerprint.length + name.length + source.length;
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(c.getValue() << 32 | d.getValue()) + hex.toHexDigits(a.getValue() << 32 | (length & 0xFFFF_FFFFL));
    }

    private static final byte[] SEPARATOR = {0};

    /** What a stored file holds: the classes, and the fingerprint, chunk name and source they are of. */
    record Stored(LinkedHashMap<String, byte[]> classes, byte[] fingerprint, String chunkName, byte[] source) {
        boolean isOf(byte[] fingerprint, String chunkName, byte[] source) {
            return java.util.Arrays.equals(this.fingerprint, fingerprint) && this.chunkName.equals(chunkName)
                    && java.util.Arrays.equals(this.source, source);
        }
    }


    /**
     * The classes of {@code chunkName} with {@code source} stored under {@code key}, in
     * LuaJC's order (a prototype, then its children); null when none are stored, when the
     * file is of another chunk, source or build (left to be replaced), or when it is damaged
     * or names a class that is not {@code mainClass} or one of its inner classes (then it is
     * logged and left to be replaced).
     */
    LinkedHashMap<String, byte[]> read(String key, String mainClass, String chunkName, byte[] source) {
        Path f = dir.resolve(key + SUFFIX);
        byte[] all;
        try {
            all = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.warn("LuaJC class cache: cannot read {}: {}", f, e.toString());
            return null;
        }
        try {
            Stored st = decode(all, mainClass);
            return st.isOf(fingerprint, chunkName, source) ? st.classes() : null;
        } catch (IOException | RuntimeException e) {
            LOG.warn("LuaJC class cache: ignored damaged {} ({}); compiling anew", f, e.getMessage());
            return null;
        }
    }

    static Stored decode(byte[] all, String mainClass) throws IOException {
        if (all.length < MAGIC.length + 4 + 8) throw new IOException("too short: " + all.length + " bytes");
        for (int i = 0; i < MAGIC.length; i++) if (all[i] != MAGIC[i]) throw new IOException("not a Skyloom class cache file");
        CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - 8);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, MAGIC.length, all.length - MAGIC.length));
        int n = in.readInt();
        if (n < 1 || n > MAX_CLASSES) throw new IOException("bad class count " + n);
        LinkedHashMap<String, byte[]> classes = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            if (!name.equals(mainClass) && !name.startsWith(mainClass + "$")) throw new IOException("foreign class " + name);
            int len = in.readInt();
            if (len < 0 || len > MAX_CLASS_BYTES || len > in.available() - 8) throw new IOException("bad length " + len + " of " + name);
            byte[] b = new byte[len];
            in.readFully(b);
            if (classes.put(name, b) != null) throw new IOException("class " + name + " twice");
        }
        byte[] fp = bytes(in, "fingerprint");
        String chunkName = in.readUTF();
        byte[] source = bytes(in, "source");
        if (in.available() != 8) throw new IOException((in.available() - 8) + " bytes after the source");
        if (in.readLong() != crc.getValue()) throw new IOException("checksum does not match");
        return new Stored(classes, fp, chunkName, source);
    }

    private static byte[] bytes(DataInputStream in, String what) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > in.available() - 8) throw new IOException("bad length " + len + " of the " + what);
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }

    static byte[] encode(LinkedHashMap<String, byte[]> classes, byte[] fingerprint, String chunkName, byte[] source)
            throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.write(MAGIC);
        DataOutputStream out = new DataOutputStream(buf);
        out.writeInt(classes.size());
        for (var e : classes.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().length);
            out.write(e.getValue());
        }
        out.writeInt(fingerprint.length);
        out.write(fingerprint);
        out.writeUTF(chunkName);      // a name over 64 KiB in UTF-8 throws: that chunk is not stored
        out.writeInt(source.length);
        out.write(source);
        out.flush();
        CRC32C crc = new CRC32C();
        crc.update(buf.toByteArray());
        out.writeLong(crc.getValue());
        return buf.toByteArray();
    }

    /** Stores the classes of {@code chunkName} with {@code source} under {@code key}: written beside, moved in. Failures are logged only. */
    void write(String key, LinkedHashMap<String, byte[]> classes, String chunkName, byte[] source) {
        Path tmp = null;
        try {
            byte[] bytes = encode(classes, fingerprint, chunkName, source);
            tmp = Files.createTempFile(dir, key, ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, dir.resolve(key + SUFFIX), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(key + SUFFIX), StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            prune();
        } catch (IOException | RuntimeException e) {
            LOG.debug("LuaJC class cache: cannot write {}: {}", key, e.toString());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temporary file left behind: the next prune takes it
                }
            }
        }
    }

    // Keeps the folder under MAX_FILES: the least recently written go (runs only after a write).
    private void prune() throws IOException {
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(SUFFIX) || p.getFileName().toString().endsWith(".tmp")).forEach(files::add);
        }
        if (files.size() <= MAX_FILES) return;
        java.util.Map<Path, FileTime> age = new java.util.HashMap<>();
        for (Path p : files) age.put(p, modified(p));   // read once: another node may delete files meanwhile
        files.sort(Comparator.comparing(age::get));
        for (Path p : files.subList(0, files.size() - MAX_FILES * 3 / 4)) Files.deleteIfExists(p);
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
