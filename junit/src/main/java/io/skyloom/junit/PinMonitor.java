package io.skyloom.junit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingStream;

/**
 * Virtual threads that park while pinned to their carrier, seen through JFR's
 * {@code jdk.VirtualThreadPinned} (as Helidon's pinned-thread validation does). A test
 * class opens a {@link Watch}; a pin that happened while it was open is reported by the
 * class when it ends if JFR has delivered it by then, else by {@link #lateReport} at the
 * end of the run (JFR delivers about once a second; waiting for that at every class
 * would cost up to a second each; the run's end waits once, for a mark event of its own). JFR is one per JVM, so this is one per JVM, started on
 * first use, thread-safe. With classes running in parallel a pin is told to every watch
 * open when it happened, and says how many were.
 */
final class PinMonitor {

    private static final class Holder {
        static final PinMonitor INSTANCE = new PinMonitor();
    }

    private record Pin(Instant at, String text, AtomicBoolean reported) {}

    /** What one test class saw. */
    static final class Watch implements AutoCloseable {
        final String owner;
        final Instant opened = Instant.now();
        volatile Instant closed;

        private Watch(String owner) {
            this.owner = owner;
        }

        /** Pins delivered so far that happened while this watch was open, not reported before. */
        List<String> take() {
            Instant end = closed != null ? closed : Instant.now();
            List<String> out = new ArrayList<>();
            for (Pin p : Holder.INSTANCE.pins)
                if (!p.at.isBefore(opened) && !p.at.isAfter(end) && p.reported.compareAndSet(false, true)) out.add(p.text);
            return out;
        }

        @Override
        public void close() {
            closed = Instant.now();
        }
    }

    private final List<Pin> pins = new CopyOnWriteArrayList<>();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition marked = lock.newCondition();
    private long lastMark;                       // lock: the newest mark the stream delivered
    private final java.util.concurrent.atomic.AtomicLong marks = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Committed to learn when the stream has caught up: it delivers in order, so once a
     * mark arrives, every pin that ended before the mark was committed has arrived too.
     */
    @jdk.jfr.Name("io.skyloom.junit.Mark")
    @jdk.jfr.Label("skyloom-junit catch-up mark")
    @jdk.jfr.StackTrace(false)
    static final class Mark extends jdk.jfr.Event {
        long id;
    }

    private PinMonitor() {
        RecordingStream stream = new RecordingStream();
        // JFR's own default threshold: shorter pins are mostly a class initializer's first run.
        stream.enable("jdk.VirtualThreadPinned").withStackTrace().withThreshold(java.time.Duration.ofMillis(20));
        stream.onEvent("jdk.VirtualThreadPinned", this::pinned);
        stream.enable(Mark.class);
        stream.onEvent("io.skyloom.junit.Mark", e -> onMark(e.getLong("id")));
        stream.startAsync();
        // startAsync returns before recording begins: a pin right after would be missed.
        for (int i = 0; i < 50 && !caughtUp(100); i++) { }
    }

    static Watch watch(String owner) {
        Watch w = new Watch(owner);
        Holder.INSTANCE.watches.add(w);
        return w;
    }

    /**
     * At the end of a run: waits for JFR's next delivery, then returns, per closed watch,
     * the pins that arrived after their class had ended.
     */
    static List<String> lateReport() {
        PinMonitor m = Holder.INSTANCE;
        m.caughtUp(3000);
        List<String> out = new ArrayList<>();
        for (Watch w : m.watches) {
            if (w.closed == null) continue;
            for (String p : w.take()) out.add(w.owner + ": " + p);
            m.watches.remove(w);
        }
        return out;
    }

    private void pinned(RecordedEvent e) {
        if (jdkPoller(e)) return;
        String where = e.getStackTrace() == null ? "" : e.getStackTrace().getFrames().stream().limit(12)
                .map(PinMonitor::frame).collect(Collectors.joining("\n\tat ", "\n\tat ", ""));
        String thread = e.getThread() == null ? "?" : e.getThread().getJavaName();
        long open = watches.stream().filter(w -> w.closed == null).count();
        pins.add(new Pin(e.getStartTime(), "virtual thread " + thread + " parked pinned to its carrier for "
                + e.getDuration().toMillis() + " ms" + (open > 1 ? " (while " + open + " test classes ran)" : "") + where,
                new AtomicBoolean()));
    }

    /**
     * The JDK's socket poller initializing, once per JVM: the first threads to use a socket
     * wait, pinned, for {@code sun.nio.ch.Poller}'s class initializer (JFR says so in the
     * pin's reason), and on a loaded machine that takes more than the threshold.
     */
    private static boolean jdkPoller(RecordedEvent e) {
        if (!e.hasField("pinnedReason")) return false;
        String why = e.getString("pinnedReason");
        return why != null && why.startsWith("Waited for initialization of sun.nio.ch.");
    }

    private static String frame(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName() + " line " + f.getLineNumber();
    }

    private void onMark(long id) {
        lock.lock();
        try {
            lastMark = Math.max(lastMark, id);
            marked.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Commits a mark and waits (up to {@code millis}) for the stream to deliver it. */
    private boolean caughtUp(long millis) {
        Mark m = new Mark();
        m.id = marks.incrementAndGet();
        m.commit();
        lock.lock();
        try {
            long left = TimeUnit.MILLISECONDS.toNanos(millis);
            while (lastMark < m.id && left > 0) left = marked.awaitNanos(left);
            return lastMark >= m.id;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
