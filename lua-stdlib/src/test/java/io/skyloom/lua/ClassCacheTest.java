package io.skyloom.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/** LuaJC's classes of a node's files kept on disk between runs: used when sound, replaced when not. */
class ClassCacheTest {

    private static final FileTime LONG_AGO = FileTime.fromMillis(946_684_800_000L);   // 2000-01-01

    @TempDir
    Path dir;

    private Path cache() {
        return dir.resolve("cache");
    }

    private ScriptFinder.Source file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return new ScriptFinder.Source(f.toString(), f.toAbsolutePath().toString(), f, null);
    }

    // A new CodeCache is what a new node (a new run) has: nothing compiled in memory.
    private LuaFunction load(ScriptFinder.Source src) {
        LuaFunction chunk = new CodeCache(true, cache()).get(src).instantiate(new LuaTable());
        return (LuaFunction) chunk.call();
    }

    private List<Path> stored() throws IOException {
        if (!Files.isDirectory(cache())) return List.of();
        try (Stream<Path> s = Files.list(cache())) {
            return s.filter(p -> p.toString().endsWith(".luajc")).toList();
        }
    }

    private static final String DOUBLER = """
            return function(x)
                local n = 0
                for i = 1, x do n = n + 2 end
                return n
            end
            """;

    @Test
    void theSecondRunDefinesTheClassesTheFirstStored() throws Exception {
        var src = file("doubler.lua", DOUBLER);
        LuaFunction first = load(src);
        assertThat(first.call(LuaValue.valueOf(21)).toint()).isEqualTo(42);
        assertThat(stored()).hasSize(1);
        Path entry = stored().get(0);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache()))).isEqualTo("rwx------");
        Files.setLastModifiedTime(entry, LONG_AGO);

        LuaFunction second = load(src);
        assertThat(second.call(LuaValue.valueOf(5)).toint()).isEqualTo(10);
        assertThat(Files.getLastModifiedTime(entry)).as("read, not written again").isEqualTo(LONG_AGO);
        assertThat(second.getClass().getName()).isEqualTo(first.getClass().getName());
        assertThat(second.getClass().getClassLoader()).isNotSameAs(first.getClass().getClassLoader());
        assertThat(CodeCache.prototypeOf(second)).as("the prototype beside the stored class").isNotNull();
    }

    @Test
    void anEditedFileMissesAndIsCompiledAnew() throws Exception {
        var src = file("doubler.lua", DOUBLER);
        load(src);
        var edited = file("doubler.lua", DOUBLER.replace("n + 2", "n + 3"));
        assertThat(load(edited).call(LuaValue.valueOf(2)).toint()).isEqualTo(6);
        assertThat(stored()).hasSize(2);
    }

    @Test
    void aDamagedFileIsIgnoredAndReplaced() throws Exception {
        var src = file("doubler.lua", DOUBLER);
        load(src);
        Path entry = stored().get(0);
        byte[] b = Files.readAllBytes(entry);
        b[b.length / 2] ^= 0x5a;
        Files.write(entry, b);
        Files.setLastModifiedTime(entry, LONG_AGO);

        assertThat(load(src).call(LuaValue.valueOf(4)).toint()).isEqualTo(8);
        assertThat(Files.getLastModifiedTime(entry)).as("written again").isNotEqualTo(LONG_AGO);
        assertThat(ClassCache.decode(Files.readAllBytes(entry), className(entry)).classes()).isNotEmpty();
    }

    @Test
    void storedClassesTheJvmRefusesAreCompiledAnew() throws Exception {
        var src = file("doubler.lua", DOUBLER);
        load(src);
        Path entry = stored().get(0);
        String main = className(entry);
        LinkedHashMap<String, byte[]> garbage = new LinkedHashMap<>();
        ClassCache.Stored st = ClassCache.decode(Files.readAllBytes(entry), main);
        for (String name : st.classes().keySet()) garbage.put(name, "not a class file".getBytes());
        // a sound file (its checksum matches, it is of this chunk) of bad classes
        Files.write(entry, ClassCache.encode(garbage, st.fingerprint(), st.chunkName(), st.source()));
        Files.setLastModifiedTime(entry, LONG_AGO);

        assertThat(load(src).call(LuaValue.valueOf(3)).toint()).isEqualTo(6);
        assertThat(Files.getLastModifiedTime(entry)).isNotEqualTo(LONG_AGO);
    }

    @Test
    void aFileOfAnotherChunkUnderTheSameNameIsAMissNotItsClasses() throws Exception {
        var src = file("doubler.lua", DOUBLER);
        load(src);
        Path entry = stored().get(0);
        ClassCache.Stored st = ClassCache.decode(Files.readAllBytes(entry), className(entry));
        assertThat(st.chunkName()).isEqualTo(src.chunkName());
        assertThat(new String(st.source(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(DOUBLER);
        // What two chunks whose checksums met would leave: the other one's source (a tripler)
        // with the other one's classes, in the file this chunk's key names.
        String tripler = DOUBLER.replace("n + 2", "n + 3");
        LuaFunction other = load(file("tripler.lua", tripler));
        Path otherEntry = stored().stream().filter(p -> !p.equals(entry)).findFirst().orElseThrow();
        ClassCache.Stored o = ClassCache.decode(Files.readAllBytes(otherEntry), className(otherEntry));
        LinkedHashMap<String, byte[]> renamed = new LinkedHashMap<>();   // its classes under this entry's class names
        String from = className(otherEntry), to = className(entry);
        for (var e : o.classes().entrySet()) renamed.put(e.getKey().replace(from, to), e.getValue());
        Files.write(entry, ClassCache.encode(renamed, st.fingerprint(), "@tripler.lua", tripler.getBytes()));
        Files.setLastModifiedTime(entry, LONG_AGO);

        assertThat(other.call(LuaValue.valueOf(2)).toint()).isEqualTo(6);
        assertThat(load(src).call(LuaValue.valueOf(2)).toint()).as("the doubler's own code").isEqualTo(4);
        assertThat(Files.getLastModifiedTime(entry)).as("compiled anew and written back").isNotEqualTo(LONG_AGO);
        assertThat(ClassCache.decode(Files.readAllBytes(entry), className(entry)).isOf(st.fingerprint(), src.chunkName(),
                DOUBLER.getBytes())).isTrue();
    }

    @Test
    void aFolderOthersMayWriteToIsNotUsed() throws Exception {
        Files.createDirectory(cache(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(cache(), PosixFilePermissions.fromString("rwxrwxrwx"));
        var src = file("doubler.lua", DOUBLER);
        assertThat(load(src).call(LuaValue.valueOf(1)).toint()).isEqualTo(2);
        assertThat(stored()).isEmpty();
    }

    @Test
    void everyTruncationOrFlippedByteIsAnIoErrorNamingWhatIsWrong() throws Exception {
        load(file("doubler.lua", DOUBLER));
        Path entry = stored().get(0);
        byte[] good = Files.readAllBytes(entry);
        String main = className(entry);
        for (int len = 0; len < good.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(good, len);
            assertThatThrownBy(() -> ClassCache.decode(cut, main)).isInstanceOf(IOException.class).hasMessageNotContaining("null");
        }
        Random r = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            byte[] bad = good.clone();
            bad[r.nextInt(bad.length)] ^= (byte) (1 + r.nextInt(255));
            assertThatThrownBy(() -> ClassCache.decode(bad, main)).isInstanceOf(IOException.class);
        }
        assertThatThrownBy(() -> ClassCache.decode(good, main + "x")).hasMessageContaining("foreign class");
    }

    // The main class of an entry: the one its first record names.
    private static String className(Path entry) throws IOException {
        byte[] b = Files.readAllBytes(entry);
        int at = "skyloom-luajc 2\n".length() + 4;
        int len = ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
        return new String(b, at + 2, len, java.nio.charset.StandardCharsets.UTF_8);
    }
}
