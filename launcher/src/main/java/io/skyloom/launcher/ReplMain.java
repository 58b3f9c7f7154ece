package io.skyloom.launcher;

import io.skyloom.core.NodeConfig;
import io.skyloom.core.SkyloomException;
import io.skyloom.core.kernel.Node;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * {@code ./skyloom repl}: a node whose service path and Lua path are the current folder,
 * and the REPL on it; {@code ./skyloom run -i FILE.lua}: the same prompt on the node of
 * the file, after it starts. The run ends at the end of input, or when the node closes
 * (skynet.abort at the prompt or in a service).
 */
final class ReplMain {

    private ReplMain() {}

    static int run(List<String> rest, NodeConfig.Builder config, PrintStream out, PrintStream err) {
        if (!rest.isEmpty()) {
            err.println("skyloom: repl takes options only (--thread N, --config FILE), not " + rest.get(0)
                    + "; to run a file first: skyloom run -i FILE.lua");
            return 2;
        }
        String here = Path.of("").toAbsolutePath() + "/?.lua";
        Node node;
        try {
            node = Node.start(config.servicePath(here).luaPath(here).build());
        } catch (SkyloomException e) {
            err.println("skyloom: " + e.getMessage());
            return 2;
        }
        try (node) {
            CompletableFuture.anyOf(prompt(out, err).apply(node), closed(node)).get();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (ExecutionException e) {
            err.println("skyloom: the REPL failed: " + e.getCause());
            return 1;
        }
    }

    /** The prompt on a node, on standard input and output; its future completes when the input ends. */
    static Function<Node, CompletableFuture<?>> prompt(PrintStream out, PrintStream err) {
        return node -> {
            LineSource in = LineSource.system();
            CompletableFuture<Void> done = Repl.start(node, in, out, err);
            // The terminal's modes come back however the run ends: input over or node closed.
            CompletableFuture.anyOf(done, closed(node)).whenComplete((r, e) -> in.close());
            return done;
        };
    }

    private static CompletableFuture<Void> closed(Node node) {
        return CompletableFuture.runAsync(() -> {
            try {
                node.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, r -> Thread.ofVirtual().start(r));
    }
}
