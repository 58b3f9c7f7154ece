package io.skyloom.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.scheduler.WorkerPool;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A caller spins for its reply, unless a transport's reader spins: then it parks at once. */
class ReplySpinTest {

    @Test
    void aCallerDoesNotSpinWhileATransportReaderSpins() {
        WorkerPool workers = new WorkerPool(2);
        AtomicInteger looks = new AtomicInteger();
        ReplySpin.forReply(workers, () -> looks.incrementAndGet() < 0);   // never arrives
        assertThat(looks.get()).as("a platform caller with a spare core spins its whole budget").isEqualTo(ReplySpin.SPINS);

        looks.set(0);
        ReplySpin.transportReader(true);
        try {
            ReplySpin.forReply(workers, () -> looks.incrementAndGet() < 0);
            assertThat(looks.get()).as("the reader spins: the caller leaves it the core").isZero();
        } finally {
            ReplySpin.transportReader(false);
        }

        looks.set(0);
        ReplySpin.forReply(workers, () -> looks.incrementAndGet() < 0);
        assertThat(looks.get()).as("the reader asleep again: the caller spins again").isEqualTo(ReplySpin.SPINS);
    }
}
