package io.skyloom.it;

import io.skyloom.core.Context;
import io.skyloom.core.Message;
import io.skyloom.core.NodeConfig;
import io.skyloom.core.Responder;
import io.skyloom.foreign.Skyloom;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run in a JVM of its own by {@link ScaleTest}: parks {@code CALLERS} gateway calls at
 * once in one Java service and prints the most platform threads seen meanwhile, so the
 * count is the node's alone and not whatever earlier tests left in a shared JVM.
 */
public final class ScaleProbe {

    public static void main(String[] args) throws Exception {
        int thread = Integer.parseInt(args[0]);
        int callers = Integer.parseInt(args[1]);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (Skyloom node = Skyloom.start(NodeConfig.builder().thread(thread).build())) {
            List<Responder> held = new ArrayList<>();
            CountDownLatch allHeld = new CountDownLatch(1);
            int holder = node.newservice("holder", (Context ctx, Message m) -> {
                held.add(ctx.response());
                if (held.size() == callers) {
                    allHeld.countDown();
                    for (Responder r : held) r.ok(new Object[] {"released"});
                }
            });
            AtomicLong maxPlatform = new AtomicLong(mx.getThreadCount());
            Thread sampler = Thread.ofVirtual().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    maxPlatform.accumulateAndGet(mx.getThreadCount(), Math::max);
                    try {
                        Thread.sleep(1);   // a sampling period, not a wait for a condition
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            AtomicInteger done = new AtomicInteger();
            CountDownLatch finished = new CountDownLatch(callers);
            for (int i = 0; i < callers; i++) {
                Thread.ofVirtual().start(() -> {
                    try {
                        if ("released".equals(node.foreign().call(holder, "hold")[0])) done.incrementAndGet();
                    } finally {
                        finished.countDown();
                    }
                });
            }
            boolean held1 = allHeld.await(120, TimeUnit.SECONDS);
            boolean all = finished.await(120, TimeUnit.SECONDS);
            sampler.interrupt();
            sampler.join();
            System.out.println("HELD " + held1);
            System.out.println("DONE " + (all ? done.get() : -1));
            System.out.println("MAX_PLATFORM " + maxPlatform.get());
            if (maxPlatform.get() > thread + 16) {
                for (Thread t : Thread.getAllStackTraces().keySet()) System.out.println("THREAD " + t.getName());
            }
        }
    }
}
