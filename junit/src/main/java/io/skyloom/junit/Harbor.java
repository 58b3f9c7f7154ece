package io.skyloom.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The transport folder of a {@code @SkyloomTest(harbor = true)} node, in a temporary
 * directory, and the nodes the test forks into other JVMs on it: skynet's harbor across
 * processes, for tests of what crosses and of peers that die. Inject it; what it forked
 * is killed, and the folder removed, when the test's node closes. Thread-safe.
 */
public final class Harbor {

    private final Path folder;
    private final List<String> servicePath;
    private final List<ForkedNode> forks = new CopyOnWriteArrayList<>();

    Harbor(Path folder, List<String> servicePath) {
        this.folder = folder;
        this.servicePath = List.copyOf(servicePath);
    }

    static Harbor create(List<String> servicePath) {
        try {
            return new Harbor(Files.createTempDirectory("skyloom-harbor"), servicePath);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a transport folder", e);
        }
    }

    /** The transport folder every node of the test meets in. */
    public Path folder() {
        return folder;
    }

    /**
     * Starts node {@code nodeId} in a new JVM running {@code mainLua} (its folder and the
     * test's service path are its service path). Wait for it with {@link ForkedNode#ready}.
     */
    public ForkedNode fork(int nodeId, Path mainLua) {
        try {
            ForkedNode n = ForkedNode.start(folder, nodeId, mainLua, servicePath);
            forks.add(n);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + nodeId, e);
        }
    }

    /** The forked nodes, in the order they started. */
    public List<ForkedNode> forks() {
        return new ArrayList<>(forks);
    }

    void close() {
        for (ForkedNode n : forks) {
            try {
                n.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (var files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder: the OS cleans it eventually
        }
    }
}
