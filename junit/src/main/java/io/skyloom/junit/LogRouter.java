package io.skyloom.junit;

import io.skyloom.core.kernel.Node;
import io.skyloom.core.kernel.TaskContext;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sorts what is written to {@code System.err} by the node whose service wrote it, so that
 * tests running in parallel each keep their own node's log. slf4j-simple (the logger
 * Skyloom's tests use) writes each line on the logging thread to whatever
 * {@code System.err} is then; a line from a service's thread belongs to that service's
 * node ({@link Node#context()}), everything else passes through unchanged.
 *
 * <p>{@code System.err} is one per JVM, so this is one per JVM: installed on first use,
 * thread-safe (a concurrent map of the nodes under test), never removed.
 */
final class LogRouter extends OutputStream {

    private static final class Holder {
        static final LogRouter INSTANCE = new LogRouter(System.err);
    }

    private final PrintStream original;
    private volatile PrintStream console;      // where failing tests' logs go: the original, or a test's own
    private final PrintStream stream;
    private final ConcurrentHashMap<Node, NodeLog> logs = new ConcurrentHashMap<>();

    private LogRouter(PrintStream original) {
        this.original = original;
        this.console = original;
        this.stream = new PrintStream(this, true, StandardCharsets.UTF_8);
    }

    /** Routes {@code node}'s lines to {@code log} until {@link #release}. */
    static void capture(Node node, NodeLog log) {
        LogRouter r = Holder.INSTANCE;
        r.logs.put(node, log);
        // Install again only over the stream we first wrapped: whoever swapped in another
        // one (a test's own capture) keeps it until it puts the original back.
        if (System.err == r.original) System.setErr(r.stream);
    }

    static void release(Node node) {
        Holder.INSTANCE.logs.remove(node);
    }

    /** The stream outside the router, for printing a failing test's log. */
    static PrintStream console() {
        return Holder.INSTANCE.console;
    }

    /** For the extension's own test of what it prints: swaps the console, returns the one before. */
    static PrintStream swapConsole(PrintStream to) {
        PrintStream before = Holder.INSTANCE.console;
        Holder.INSTANCE.console = to;
        return before;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        TaskContext task = Node.context();
        NodeLog log = task == null ? null : logs.get(task.node());
        if (log != null) log.append(b, off, len);
        else original.write(b, off, len);
    }

    @Override
    public void flush() {
        original.flush();
    }
}
