package io.skyloom.launcher;

import io.skyloom.core.CallFailedException;
import io.skyloom.core.NodeClosedException;
import io.skyloom.core.PType;
import io.skyloom.core.ServiceDeadException;
import io.skyloom.core.kernel.Node;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The Lua REPL of {@code ./skyloom repl} and {@code ./skyloom run -i}: reads chunks line
 * by line and has them run by a Lua service of the node (skyloom_repl.lua), so what is
 * typed runs sandboxed like any service and may call other services. This class only
 * reads, sends and prints; what a chunk means, when it is complete and how results read
 * are the service's. Owned by the one thread that runs {@link #loop}.
 */
final class Repl {

    static final String SERVICE = "skyloom_repl";

    private final Node node;
    private final LineSource in;
    private final PrintStream out;
    private final PrintStream err;
    private volatile int service;            // read by the Ctrl-C handler's thread
    private volatile boolean running;        // a chunk runs now: Ctrl-C stops it
    private volatile boolean interrupted;    // Ctrl-C stopped the service

    Repl(Node node, LineSource in, PrintStream out, PrintStream err) {
        this.node = node;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs {@link #loop} on a thread of its own (reading a terminal blocks a platform
     * thread, so not a virtual one); the future completes when the input ends.
     */
    static CompletableFuture<Void> start(Node node, LineSource in, PrintStream out, PrintStream err) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                new Repl(node, in, out, err).loop();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "skyloom-repl");
        t.setDaemon(true);   // a node closed under the prompt ends the process without waiting for a line
        t.start();
        return done;
    }

    /** Reads, runs and prints until the input ends or the node closes. */
    void loop() {
        if (!startService()) return;
        in.onInterrupt(this::interrupt);
        if (in.interactive())
            out.println("Skyloom " + node.name() + ": Lua 5.2 chunks, skynet at hand; list, stat, mem, kill ADDRESS,"
                    + " help for the rest. Ctrl-D ends.");
        StringBuilder chunk = new StringBuilder();
        for (;;) {
            String line;
            try {
                line = in.read(chunk.isEmpty() ? "> " : ">> ");
            } catch (LineSource.Interrupted e) {
                chunk.setLength(0);
                continue;
            }
            if (line == null) return;
            if (chunk.isEmpty() && line.isBlank()) continue;
            chunk.append(line);
            switch (eval(chunk.toString())) {
                case MORE -> chunk.append('\n');
                case DONE -> chunk.setLength(0);
                case CLOSED -> {
                    return;
                }
            }
        }
    }

    private enum Outcome { MORE, DONE, CLOSED }

    /**
     * Ctrl-C while a chunk runs: a task of a service cannot be stopped alone, so the
     * REPL's service is killed (kill reaches into endless loops) and a new one started.
     */
    private void interrupt() {
        if (!running) return;
        interrupted = true;
        node.kill(service);
    }

    private Outcome eval(String chunk) {
        Object[] r;
        running = true;
        try {
            r = (Object[]) node.call(service, PType.FOREIGN, new Object[] {"eval", chunk});
        } catch (NodeClosedException e) {
            return Outcome.CLOSED;
        } catch (ServiceDeadException e) {
            err.println(interrupted ? "interrupted: the REPL's service was stopped; a new one starts, without the old globals"
                    : "the REPL's service has ended (" + e.getMessage() + "); a new one starts, without the old globals");
            interrupted = false;
            return startService() ? Outcome.DONE : Outcome.CLOSED;
        } catch (CallFailedException e) {
            err.println(e.remoteMessage());
            return Outcome.DONE;
        } finally {
            running = false;
        }
        String status = text(r[0]);
        String text = r.length > 1 ? text(r[1]) : "";
        out.flush();   // what the chunk printed comes first
        switch (status) {
            case "more" -> {
                return Outcome.MORE;
            }
            case "error" -> err.println(text);
            default -> {
                if (!text.isEmpty()) out.println(text);
            }
        }
        out.flush();
        err.flush();
        return Outcome.DONE;
    }

    private boolean startService() {
        try {
            service = node.newservice(SERVICE);
            return true;
        } catch (NodeClosedException e) {
            return false;
        }
    }

    /** A Lua string reaches Java as a String when it is UTF-8, as bytes otherwise. */
    private static String text(Object o) {
        if (o instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        return o == null ? "" : o.toString();
    }
}
