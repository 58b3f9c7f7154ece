package io.skyloom.lua;

import io.skyloom.core.CallFailedException;
import io.skyloom.core.kernel.Node;
import io.skyloom.core.NodeClosedException;
import io.skyloom.core.NodeConfig;
import io.skyloom.core.ServiceDeadException;
import io.skyloom.core.SkyloomException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code ./skyloom run FILE.lua [args...]}: a node whose main service is the file, as
 * {@code pyskynet script.lua args} does. The file's folder is on the service path (so
 * {@code newservice} finds the files beside it); the run ends when the main service
 * exits or the node is aborted.
 */
public final class LuaMain {

    /** Exit codes: 0 the main service exited (or skynet.abort), 1 it failed to start, 2 bad usage. */
    public static final int OK = 0, FAILED = 1, USAGE = 2;

    private LuaMain() {}

    /**
     * Runs {@code file} as the main service of a node made from {@code base} plus the
     * file's folder, and returns the process exit code.
     */
    public static int run(NodeConfig.Builder base, Path file, String[] args, PrintStream err) {
        return run(base, file, args, err, null);
    }

    /**
     * As {@link #run(NodeConfig.Builder, Path, String[], PrintStream)}, then, once the main
     * service has started (or exited while starting), {@code prompt} on the node (the REPL
     * of {@code run -i}): the run ends when the future it returns completes or the node
     * closes, not when the main service exits. A null prompt: none.
     */
    public static int run(NodeConfig.Builder base, Path file, String[] args, PrintStream err,
                          java.util.function.Function<Node, CompletableFuture<?>> prompt) {
        if (!Files.isRegularFile(file)) {
            err.println("skyloom: no such Lua file: " + file);
            return USAGE;
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        String name = file.getFileName().toString().replaceFirst("\\.lua$", "");
        NodeConfig config = base.servicePath(dir + "/?.lua").luaPath(dir + "/?.lua").build();
        Node node;
        try {
            node = Node.start(config);
        } catch (SkyloomException e) {
            err.println("skyloom: " + e.getMessage());
            return USAGE;
        }
        Thread hook = new Thread(node::close, "skyloom-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            int main;
            try {
                main = node.newservice(name, (Object[]) args);
            } catch (ServiceDeadException exitedWhileStarting) {
                if (prompt == null) return OK;   // skynet.exit() in the start function: done
                main = 0;
            } catch (NodeClosedException abortedWhileStarting) {
                return OK;   // skynet.abort() in the start function: done
            } catch (CallFailedException e) {
                err.println("skyloom: " + file + " failed to start: " + e.remoteMessage());
                if (!e.remoteTraceback().isEmpty()) err.println(e.remoteTraceback());
                return FAILED;
            } catch (SkyloomException e) {
                err.println("skyloom: " + e.getMessage());
                return FAILED;
            }
            CompletableFuture<?> exited = prompt != null ? prompt.apply(node) : node.whenExited(main);
            CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
                try {
                    node.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, r -> Thread.ofVirtual().start(r));
            CompletableFuture.anyOf(exited, closed).get();
            return OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OK;
        } catch (ExecutionException e) {
            err.println("skyloom: " + e.getCause());
            return FAILED;
        } finally {
            node.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is closing the node already
            }
        }
    }

}
