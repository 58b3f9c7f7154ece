package io.skyloom.core.kernel;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a node tells whoever watches it (skyloom-junit fails a test on these): a service or
 * a gateway handler failed on a message, a handler returned without answering its
 * request, a task of the node died. The kernel still logs each as before; listeners are
 * told every time, not limited as the log is. Listeners run on the thread where it
 * happened and must be short and must not block. Thread-safe.
 */
public final class NodeEvents {

    /** Told of failures; both methods run on the failing task's thread. */
    public interface Listener {
        /**
         * {@code where} failed on {@code what}; {@code reachedCaller} is true when the error
         * was also sent to a caller waiting for the answer (so someone saw it).
         */
        void failed(String where, String what, Throwable error, boolean reachedCaller);

        /** {@code where} returned from a request without answering it. */
        void unanswered(String where, String what);
    }

    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

    public void add(Listener l) {
        listeners.add(l);
    }

    public void remove(Listener l) {
        listeners.remove(l);
    }

    void failed(String where, String what, Throwable error, boolean reachedCaller) {
        for (Listener l : listeners) {
            try {
                l.failed(where, what, error, reachedCaller);
            } catch (RuntimeException ignored) {
                // a watcher's own bug must not change what the node does
            }
        }
    }

    void unanswered(String where, String what) {
        for (Listener l : listeners) {
            try {
                l.unanswered(where, what);
            } catch (RuntimeException ignored) {
                // as above
            }
        }
    }
}
