package io.skyloom.foreign.harbor;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.core.PType;
import io.skyloom.core.Transport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harbor's reader is a virtual thread, and tells its node when it spins and when it
 * sleeps: spinning after a frame, asleep once quiet (its timed looks at the queue while
 * asleep are no spin), and not left spinning when the transport closes.
 */
class ReaderSpinTest {

    static final int ONE = 0x01000001, TWO = 0x02000001;

    @TempDir
    Path dir;

    @Test
    void theReaderIsVirtualAndSaysWhenItSpinsAndWhenItSleeps() {
        Recording inbox = new Recording(2);
        ChronicleTransport one = new ChronicleTransport(dir, 1), two = new ChronicleTransport(dir, 2);
        try {
            two.attach(inbox);
            one.attach(new Recording(1));
            assertThat(two.readerThread().isVirtual()).isTrue();
            await(() -> one.reachable(2), "node 1 sees node 2");
            await(() -> inbox.last() != Boolean.TRUE, "the reader sleeps once nothing comes");
            int before = inbox.spins.size();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3 * ChronicleTransport.WAIT_MILLIS));
            assertThat(inbox.spins).as("asleep, its timed looks at the queue are no spin").hasSize(before);

            assertThat(one.send(ONE, TWO, PType.FOREIGN, 0, new Object[] {"wake"})).isTrue();
            await(() -> inbox.delivered > 0, "the frame is delivered");
            await(() -> inbox.spins.size() >= before + 2 && inbox.last() == Boolean.FALSE,
                    "the frame woke it to spin, and it went back to sleep");
            assertThat(inbox.spins.subList(before, before + 2)).containsExactly(true, false);
        } finally {
            one.close();
            two.close();
        }
        assertThat(inbox.last()).as("closed: not left spinning").isNotEqualTo(Boolean.TRUE);
        assertThat(inbox.spins.stream().filter(b -> b).count())
                .isEqualTo(inbox.spins.stream().filter(b -> !b).count());
    }

    private static void await(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /** An inbox that records what the reader tells it. */
    private static final class Recording implements Transport.Inbox {
        final int id;
        final List<Boolean> spins = new CopyOnWriteArrayList<>();
        volatile int delivered;

        Recording(int id) {
            this.id = id;
        }

        Boolean last() {
            return spins.isEmpty() ? null : spins.get(spins.size() - 1);
        }

        @Override
        public int nodeId() {
            return id;
        }

        @Override
        public boolean deliver(int source, int destination, int type, int session, Object payload) {
            delivered++;
            return true;
        }

        @Override
        public void peerDown(int nodeId, String reason) {
            // both live in this test
        }

        @Override
        public void readerSpinning(boolean spinning) {
            spins.add(spinning);
        }
    }
}
