package io.skyloom.junit;

import io.skyloom.foreign.Skyloom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A service that records what it receives, for the test to expect (Pekko's TestProbe
 * for skynet services): give its {@link #handle} (or its name) to the service under
 * test, then {@code expectCall("saved", 42)}. Calls are answered at once with what
 * {@link #replyWith} computes (no values by default). Every expectation takes the next
 * message in order; a failure says what arrived instead. Waits park; they are
 * {@linkplain Waits#dilated dilated} except {@link #expectNoMessage}. Made per injection
 * point; stopped when the test ends. Thread-safe.
 */
public final class Probe {

    private final String label;
    private final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    private final List<Received> all = new CopyOnWriteArrayList<>();
    private volatile Function<Received, Object[]> replies = m -> new Object[0];
    private final Relay relay;

    Probe(Skyloom node, String name) {
        this.label = name != null ? "probe " + name : "probe";
        this.relay = Relay.start(node, name != null ? "probe" + name : "probe", name, this::receive);
    }

    private Object[] receive(Received m) {
        all.add(m);
        inbox.add(m);
        Object[] r = replies.apply(m);
        return Relay.answer(r == null ? new Object[0] : r);
    }

    /** The probe's handle: pass it to the service under test. */
    public int handle() {
        return relay.handle;
    }

    /** How the probe answers calls from now on: the values for each call. */
    public Probe replyWith(Function<Received, Object[]> reply) {
        replies = reply;
        return this;
    }

    /** Every message received so far, expected or not. */
    public List<Received> received() {
        return List.copyOf(all);
    }

    /** Takes the next message, which must be a call of {@code command} with these values. */
    public Received expectCall(String command, Object... args) {
        return expect(Waits.DEFAULT, m -> m.call() && m.matches(command, args), "call " + Received.describe(command, args));
    }

    /** Takes the next message, which must be a send (no answer expected) of {@code command} with these values. */
    public Received expectSend(String command, Object... args) {
        return expect(Waits.DEFAULT, m -> !m.call() && m.matches(command, args), "send " + Received.describe(command, args));
    }

    /** Takes the next message, whatever it is, within {@code max}. */
    public Received expectMessage(Duration max) {
        return expect(max, m -> true, "a message");
    }

    /** Takes the next message, which must satisfy {@code test}, within {@code max}. */
    public Received expectMessage(Duration max, String what, Predicate<Received> test) {
        return expect(max, test, what);
    }

    /** Fails if any message arrives within {@code quiet} (not dilated). */
    public void expectNoMessage(Duration quiet) {
        Received m = poll(quiet.toNanos());
        if (m != null) throw new AssertionError(label + ": expected no message for " + quiet + ", but received " + m);
    }

    /** Skips messages until one satisfies {@code test}; fails after {@code max}, listing what it skipped. */
    public Received fishFor(Duration max, Predicate<Received> test) {
        long end = System.nanoTime() + Waits.dilated(max).toNanos();
        List<Received> skipped = new ArrayList<>();
        for (;;) {
            Received m = poll(end - System.nanoTime());
            if (m == null) throw new AssertionError(label + ": no matching message within " + Waits.dilated(max)
                    + "; received instead " + (skipped.isEmpty() ? "nothing" : skipped));
            if (test.test(m)) return m;
            skipped.add(m);
        }
    }

    /** Runs {@code body} and fails if it took longer than {@code max}; returns its result. */
    public <T> T within(Duration max, Supplier<T> body) {
        long start = System.nanoTime();
        T r = body.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (took.compareTo(Waits.dilated(max)) > 0)
            throw new AssertionError(label + ": the block took " + took + ", more than " + Waits.dilated(max));
        return r;
    }

    /** Retries {@code assertion} until it passes or {@code max} (dilated) has passed; then fails with its last error. */
    public void awaitAssert(Duration max, Runnable assertion) {
        Waits.awaitAssert(max, assertion);
    }

    private Received expect(Duration max, Predicate<Received> test, String what) {
        Duration limit = Waits.dilated(max);
        Received m = poll(limit.toNanos());
        if (m == null) throw new AssertionError(label + ": expected " + what + " within " + limit + ", but nothing arrived"
                + (all.isEmpty() ? "" : " (received before: " + all + ")"));
        if (!test.test(m)) {
            List<Received> rest = new ArrayList<>(inbox);
            throw new AssertionError(label + ": expected " + what + ", but received " + m
                    + (rest.isEmpty() ? "" : "; then " + rest));
        }
        return m;
    }

    private Received poll(long nanos) {
        try {
            return inbox.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(label + ": interrupted while waiting", e);
        }
    }

    void stop() {
        relay.stop();
    }
}
