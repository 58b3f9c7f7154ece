package io.skyloom.launcher;

import io.skyloom.core.CallFailedException;
import io.skyloom.core.NodeClosedException;
import io.skyloom.core.PType;
import io.skyloom.core.ServiceDeadException;
import io.skyloom.core.kernel.Node;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Lua REPL of {@code ./skyloom repl} and {@code ./skyloom run -i}: reads chunks line
 * by line and has them run by a Lua service of the node (skyloom_repl.lua), so what is
 * typed runs sandboxed like any service and may call other services. This class only
 * reads, sends and prints; what a chunk means, when it is complete and how results read
 * are the service's. Owned by the one thread that runs {@link #loop}; only
 * {@link #runningChunk} and {@link #interrupt(Chunk)} are called from others (the
 * terminal's Ctrl-C handler), and what they share is guarded by {@code lock}.
 */
final class Repl {

    static final String SERVICE = "skyloom_repl";

    /**
     * One chunk's run. A Ctrl-C belongs to the chunk running when it was pressed: it kills
     * the service only while that chunk still runs, under the same lock that ends the run,
     * so a press that lands as a chunk returns never reaches the next one.
     */
    static final class Chunk {
        boolean ended;         // guarded by Repl.lock
        boolean interrupted;   // guarded by Repl.lock: the service was killed for this chunk
    }

    private final Node node;
    private final LineSource in;
    private final PrintStream out;
    private final PrintStream err;
    private final ReentrantLock lock = new ReentrantLock();
    private int service;                     // guarded by lock: the Ctrl-C handler's thread kills it
    private Chunk running;                   // guarded by lock: null between chunks

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

    /** Ctrl-C: stops the chunk that runs now, if one does. */
    private void interrupt() {
        interrupt(runningChunk());
    }

    /** The chunk running now, or null (what a Ctrl-C pressed now is for). */
    Chunk runningChunk() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops {@code chunk} if it still runs: a task of a service cannot be stopped alone,
     * so the REPL's service is killed (kill reaches into endless loops), and a new one
     * starts before the next chunk. A chunk that ended already is left alone.
     */
    void interrupt(Chunk chunk) {
        lock.lock();
        try {
            if (chunk == null || chunk.ended || chunk.interrupted) return;
            chunk.interrupted = true;
            node.kill(service);
        } finally {
            lock.unlock();
        }
    }

    private Chunk begin() {
        lock.lock();
        try {
            return running = new Chunk();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the run; true when a Ctrl-C killed the service for it. */
    private boolean end(Chunk chunk) {
        lock.lock();
        try {
            chunk.ended = true;
            running = null;
            return chunk.interrupted;
        } finally {
            lock.unlock();
        }
    }

    private static final String FRESH = "; a new one starts, without the old globals";

    private Outcome eval(String src) {
        Chunk run = begin();
        Outcome o = Outcome.DONE;
        String ended = null;
        try {
            o = print((Object[]) node.call(service(), PType.FOREIGN, new Object[] {"eval", src}));
        } catch (NodeClosedException e) {
            end(run);
            return Outcome.CLOSED;
        } catch (ServiceDeadException e) {
            ended = e.getMessage();
        } catch (CallFailedException e) {
            err.println(e.remoteMessage());
        }
        // A kill for this chunk may land after its answer: the next chunk gets a live service all the same.
        if (end(run)) err.println("interrupted: the REPL's service was stopped" + FRESH);
        else if (ended != null) err.println("the REPL's service has ended (" + ended + ")" + FRESH);
        else return o;
        return startService() ? o : Outcome.CLOSED;
    }

    private Outcome print(Object[] r) {
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
        int h;
        try {
            h = node.newservice(SERVICE);
        } catch (NodeClosedException e) {
            return false;
        }
        lock.lock();
        try {
            service = h;
        } finally {
            lock.unlock();
        }
        return true;
    }

    private int service() {
        lock.lock();
        try {
            return service;
        } finally {
            lock.unlock();
        }
    }


    /** A Lua string reaches Java as a String when it is UTF-8, as bytes otherwise. */
    private static String text(Object o) {
        if (o instanceof byte[] b) return new String(b, StandardCharsets.UTF_8);
        return o == null ? "" : o.toString();
    }
}
