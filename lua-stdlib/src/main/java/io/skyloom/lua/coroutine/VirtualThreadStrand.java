package io.skyloom.lua.coroutine;

import java.util.concurrent.locks.LockSupport;

/**
 * A strand on a virtual thread of its own, started at the first resume. A hand-off is one
 * volatile write, one unpark and one park: {@link #bodyTurn} says whose turn it is, and
 * each side parks until the flag names it (re-checking, so a stray unpark is harmless).
 * A suspended body is a parked virtual thread: it holds no platform thread. A platform
 * thread that resumes (a test, a tool; Skyloom's tasks are virtual) spins briefly first.
 *
 * <p>State is shared by the resumer's thread and the body's thread, but they never run at
 * once: each plain field is written before the volatile write of {@link #bodyTurn} that
 * hands the turn over and read after the read that receives it.
 */
final class VirtualThreadStrand implements Strand {

    static final Strand.Factory FACTORY = new Strand.Factory() {
        @Override
        public Strand create(Runnable body, String name) {
            return new VirtualThreadStrand(body, name);
        }

        @Override
        public String kind() {
            return "thread";
        }
    };

    /** Spins before a platform thread parks; none on one CPU, where the body needs it. */
    private static final int PLATFORM_SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 500 : 0;

    private final Runnable body;
    private final String name;

    private Thread thread;              // the body's thread once started; set before it starts
    private Thread resumer;             // who to wake on suspend or return; published by bodyTurn

    private volatile boolean bodyTurn;  // the baton: true while the body may run

    private VirtualThreadStrand(Runnable body, String name) {
        this.body = body;
        this.name = name;
    }

    @Override
    public void resume() {
        resumer = Thread.currentThread();
        bodyTurn = true;
        if (thread == null) {
            thread = Thread.ofVirtual().name(name).unstarted(this::run);
            thread.start();                 // after the field is set: suspend compares against it
        } else {
            LockSupport.unpark(thread);
        }
        awaitTurn(false);
    }

    @Override
    public void suspend() {
        if (Thread.currentThread() != thread)
            throw new IllegalStateException("suspend on " + Thread.currentThread() + ", not on the body's thread " + name);
        handBack();
        awaitTurn(true);
    }

    private void run() {
        try {
            body.run();
        } finally {
            handBack();
        }
    }

    private void handBack() {
        // Read the resumer before giving up the turn: once the flag flips, the task may go
        // on and resume this strand again from another thread, rewriting the field.
        Thread r = resumer;
        bodyTurn = false;
        LockSupport.unpark(r);
    }

    private void awaitTurn(boolean body) {
        // A platform thread that parks sleeps in the kernel, and waking it costs more than
        // most bodies take to yield (measured 22-27 us a round trip against 1-1.7 us with
        // this spin). A virtual thread must not spin: parking gives its carrier to the body.
        if (PLATFORM_SPINS > 0 && !Thread.currentThread().isVirtual())
            for (int i = 0; i < PLATFORM_SPINS && bodyTurn != body; i++) Thread.onSpinWait();
        boolean interrupted = false;
        while (bodyTurn != body) {
            LockSupport.park(this);
            // An interrupt would make park return at once forever; keep it for later.
            if (Thread.interrupted()) interrupted = true;
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
