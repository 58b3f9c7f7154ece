package io.skyloom.foreign.harbor;

import io.skyloom.core.ConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The folder where one host's nodes meet. For node N: {@code node-N/}, the Chronicle
 * queue of frames addressed to it (any node appends, only N reads); {@code node-N.lock},
 * held by N for its life so a second node N cannot start there (the OS releases it when
 * the process dies, however it dies); {@code node-N.beat}, N's heartbeat: its
 * incarnation, its process id and the monotonic time of its last beat, rewritten every
 * {@link #BEAT_MILLIS} ms. Monotonic time is one clock for every process of a host;
 * {@code node-N.bell}, how senders wake N's reader when it sleeps ({@link Doorbell});
 * {@code node-S.to-N.blocks}, where S puts the payloads for N too big for the queue
 * ({@link BlockArea}).
 */
final class HarborFolder {

    static final long BEAT_MILLIS = 100;

    private final Path dir;

    HarborFolder(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    Path dir() {
        return dir;
    }

    Path queue(int node) {
        return dir.resolve("node-" + node);
    }

    /**
     * Node {@code node}'s queue, opened for this process. Chronicle takes an excerpt of at
     * most a quarter of its block size, so the block is four of the largest frames (with
     * the default 64 MiB block, a frame over 16 MiB failed to append). The block is mapped
     * memory of a sparse file: pages cost only once written.
     */
    net.openhft.chronicle.queue.ChronicleQueue openQueue(int node) {
        return net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.single(queue(node).toFile())
                .blockSize(BLOCK_BYTES).build();
    }

    /** Four excerpts of the largest payload, each with 1 MiB of room for its header and Chronicle's. */
    static final long BLOCK_BYTES = 4L * (Frame.MAX_PAYLOAD + (1 << 20));

    /** Node {@code node}'s doorbell ({@link Doorbell}). */
    Path bell(int node) {
        return dir.resolve("node-" + node + ".bell");
    }

    /** The block area node {@code sender} writes and node {@code receiver} reads ({@link BlockArea}). */
    Path blocks(int sender, int receiver) {
        return dir.resolve("node-" + sender + ".to-" + receiver + ".blocks");
    }

    private Path beatFile(int node) {
        return dir.resolve("node-" + node + ".beat");
    }

    /** One beat as read: who, which incarnation, when (System.nanoTime of the writer). */
    record Beat(int node, long incarnation, long pid, long nanos) {}

    /** Node {@code node}'s lock, held for the node's life; refuses a second holder, naming it. */
    FileLock lock(int node) {
        Path f = dir.resolve("node-" + node + ".lock");
        try {
            FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                Beat b = readBeat(node);
                throw new ConfigException("harbor", "node id " + node + " is already running on transport folder " + dir
                        + (b != null ? " (process " + b.pid() + ")" : ""));
            }
            return lock;
        } catch (IOException e) {
            throw new ConfigException("transport", "cannot use transport folder " + dir + ": " + e.getMessage());
        }
    }

    /** Writes this node's beat (from its one beat thread). */
    void writeBeat(FileChannel ch, int node, long incarnation) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x42454154).putInt(node).putLong(incarnation).putLong(ProcessHandle.current().pid()).putLong(System.nanoTime()).flip();
        ch.write(b, 0);
    }

    FileChannel openBeat(int node) throws IOException {
        return FileChannel.open(beatFile(node), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    }

    void removeBeat(int node) {
        try {
            Files.deleteIfExists(beatFile(node));
        } catch (IOException ignored) {
            // peers then see the beat go stale instead
        }
    }

    /** Node {@code node}'s last beat, or null when it has none (never started, or closed). */
    Beat readBeat(int node) {
        try {
            byte[] bytes = Files.readAllBytes(beatFile(node));
            if (bytes.length < 32) return null;
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            if (b.getInt() != 0x42454154 || b.getInt() != node) return null;
            return new Beat(node, b.getLong(), b.getLong(), b.getLong());
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Node ids that have a beat file now. */
    java.util.List<Integer> beatingNodes() {
        java.util.List<Integer> ids = new java.util.ArrayList<>();
        try (var files = Files.list(dir)) {
            files.forEach(p -> {
                String n = p.getFileName().toString();
                if (n.startsWith("node-") && n.endsWith(".beat")) {
                    try {
                        ids.add(Integer.parseInt(n.substring(5, n.length() - 5)));
                    } catch (NumberFormatException notOurs) {
                        // someone else's file
                    }
                }
            });
        } catch (IOException e) {
            // the folder is gone: no peers
        }
        return ids;
    }

    // ---- global names: names/NAME holds the handle and its node's incarnation ----------

    record Name(int handle, long incarnation) {}

    private Path nameFile(String name) {
        return dir.resolve("names").resolve(name);
    }

    /** Binds {@code name}; the file is replaced whole, so a reader sees the old or the new binding. */
    void writeName(String name, int handle, long incarnation) {
        try {
            Path names = Files.createDirectories(dir.resolve("names"));
            Path tmp = Files.createTempFile(names, ".new-", "");
            ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(handle).putLong(incarnation);
            Files.write(tmp, b.array());
            Files.move(tmp, nameFile(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind global name " + name + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    Name readName(String name) {
        try {
            byte[] bytes = Files.readAllBytes(nameFile(name));
            if (bytes.length != 12) return null;
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            return new Name(b.getInt(), b.getLong());
        } catch (IOException e) {
            return null;
        }
    }

    /** Unbinds {@code name} if it still holds {@code expected}; true when it did. */
    boolean removeName(String name, Name expected) {
        Name now = readName(name);
        if (!expected.equals(now)) return false;
        try {
            return Files.deleteIfExists(nameFile(name));
        } catch (IOException e) {
            return false;
        }
    }
}
