package io.skyloom.junit;

import io.skyloom.core.kernel.Node;
import io.skyloom.scheduler.WorkerPool;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Whether a node has nothing to run: no service holds a worker or waits for one. A
 * message's arrival takes its service's worker before the sender lets go of its own, so
 * work passed from service to service never shows an idle pool in between; a Java handler
 * on the gateway holds no worker and is not seen.
 */
final class Quiescence {

    private Quiescence() {}

    static boolean idle(Node node) {
        WorkerPool w = node.workers();
        return w.idle() == w.size() && !w.hasWaiting();
    }

    /** Parks until the node is idle (or closed); false if it was still busy after {@code limit}. */
    static boolean await(Node node, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (!idle(node) && !node.isClosed()) {
            if (System.nanoTime() > end) return false;
            LockSupport.parkNanos(50_000);
        }
        return true;
    }
}
