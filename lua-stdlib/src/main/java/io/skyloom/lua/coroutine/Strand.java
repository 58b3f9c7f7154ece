package io.skyloom.lua.coroutine;

/**
 * A stack of its own for one coroutine body, and the switch between that stack and
 * whoever resumes it. The resumer and the body are one logical task: exactly one of them
 * runs at any moment, so everything they share is handed over by {@link #resume} and
 * {@link #suspend} (each a happens-before edge) and needs no lock of its own.
 *
 * <p>Two kinds: {@link VirtualThreadStrand} (a virtual thread per coroutine, the default
 * and the fallback) and {@link ContinuationStrand} (the JDK-internal continuation, run on
 * the resumer's own thread). {@link #factory()} picks one by the system property
 * {@value #PROPERTY}.
 */
interface Strand {

    /** System property naming the kind: {@code thread} (default) or {@code continuation}. */
    String PROPERTY = "skyloom.coroutine.strand";

    /**
     * Resumer side: runs the body until it calls {@link #suspend} or returns. The first
     * call starts the body. Never called again once the body has returned.
     */
    void resume();

    /** Body side: gives control back to the caller of {@link #resume}; returns when resumed. */
    void suspend();

    /** Makes the strands of one kind. */
    interface Factory {
        /** A strand that will run {@code body}; nothing starts before the first resume. */
        Strand create(Runnable body, String name);

        /** {@code thread} or {@code continuation}: what a measurement or a log line names. */
        String kind();
    }

    /**
     * The kind the system property asks for. A request for continuations that this JVM
     * cannot honour (no {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}) falls
     * back to virtual threads: the two behave the same, only the cost differs.
     */
    static Factory factory() {
        String kind = System.getProperty(PROPERTY, VirtualThreadStrand.FACTORY.kind());
        if (kind.equals(ContinuationStrand.FACTORY.kind()) && ContinuationStrand.available())
            return ContinuationStrand.FACTORY;
        return VirtualThreadStrand.FACTORY;
    }
}
