package io.skyloom.core.kernel;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * skynet's monitor: once a second it looks at every service, and one that has held its
 * baton with no hand-off (no message finished, no task parked or resumed) for the
 * node's {@code endlessWarning} is reported once per stuck run: a warning naming it and
 * the message it is on, the flag {@code skynet.endless()} reads, and the service's own
 * hook (a Lua service logs its Lua stack at its next step). The node runs one, as a
 * task of its own that close interrupts. The cells' monitor fields are this thread's.
 */
final class EndlessMonitor implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger("io.skyloom.monitor");

    private final Node node;
    private final long limitNanos;

    EndlessMonitor(Node node, Duration limit) {
        this.node = node;
        this.limitNanos = limit.toNanos();
    }

    @Override
    public void run() {
        long period = Math.max(10, Math.min(1000, limitNanos / 5_000_000));   // ms: five looks per limit, at most one a second
        try {
            while (!node.isClosed()) {
                Thread.sleep(period);
                scan(System.nanoTime());
            }
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
        }
    }

    void scan(long now) {
        for (ServiceCell cell : node.cells()) {
            int seen = cell.dispatchCount();
            if (!cell.busy() || seen != cell.seenDispatches) {
                cell.seenDispatches = seen;
                cell.stuckSince = 0;
                cell.reported = false;
                continue;
            }
            if (cell.stuckSince == 0) {
                cell.stuckSince = now;
            } else if (!cell.reported && now - cell.stuckSince >= limitNanos) {
                cell.reported = true;
                LOG.warn("[{}] {}", node.name(), cell.describeStuck(now - cell.stuckSince));
                cell.markEndless();
            }
        }
    }
}
