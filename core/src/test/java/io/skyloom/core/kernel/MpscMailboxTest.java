package io.skyloom.core.kernel;

import io.skyloom.core.*;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MpscMailboxTest {

    @Test
    void anEmptyMailboxPollsNull() {
        MpscMailbox box = new MpscMailbox();
        assertThat(box.poll()).isNull();
        assertThat(box.isEmpty()).isTrue();
        Envelope m = new Envelope(1, 2, PType.TEXT, 0, "x");
        box.offer(m);
        assertThat(box.isEmpty()).isFalse();
        assertThat(box.poll()).isSameAs(m);
        assertThat(box.isEmpty()).isTrue();
    }

    /** Whoever keeps a handled message (a parked task, a timer) keeps nothing else alive. */
    @Test
    void aMessagePolledPastLinksToNoLaterMessage() {
        MpscMailbox box = new MpscMailbox();
        Envelope a = new Envelope(1, 2, PType.TEXT, 0, "a"), b = new Envelope(1, 2, PType.TEXT, 0, "b");
        box.offer(a);
        box.offer(b);
        box.offer(new Envelope(1, 2, PType.TEXT, 0, "c"));
        assertThat(box.poll()).isSameAs(a);
        assertThat(box.poll()).isSameAs(b);
        assertThat(a.next).as("a's link once b is polled").isNull();
        assertThat(b.next).as("b is the stub until the next poll").isNotNull();
    }

    /**
     * Producers offer concurrently while one consumer polls. Forbidden outcomes: a message
     * lost or seen twice, or one producer's messages seen out of order.
     */
    @Test
    void concurrentProducersLoseNothingAndKeepTheirOrder() throws Exception {
        int producers = 4, each = 200_000;
        MpscMailbox box = new MpscMailbox();
        CountDownLatch go = new CountDownLatch(1);
        for (int p = 0; p < producers; p++) {
            int source = p;
            Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) box.offer(new Envelope(source, 0, PType.TEXT, i, null));
            });
        }
        go.countDown();
        int[] next = new int[producers];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int seen = 0;
        while (seen < producers * each && System.nanoTime() < deadline) {
            Message m = box.poll();
            if (m == null) {
                Thread.onSpinWait();
                continue;
            }
            assertThat(m.session()).isEqualTo(next[m.source()]);
            next[m.source()]++;
            seen++;
        }
        assertThat(seen).isEqualTo(producers * each);
        assertThat(box.poll()).isNull();
    }
}
