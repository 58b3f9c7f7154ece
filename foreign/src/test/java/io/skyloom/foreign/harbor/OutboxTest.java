package io.skyloom.foreign.harbor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Senders append to a peer's queue themselves, several threads through one appender
 * under the outbox's lock: every frame arrives whole, each thread's in its order, and
 * a frame as large as a frame may be is carried.
 */
class OutboxTest {

    @TempDir
    Path dir;

    @Test
    void framesOfManyThreadsArriveWholeAndEachThreadsInOrder() throws Exception {
        HarborFolder folder = new HarborFolder(dir);
        int threads = 4, each = 5_000;
        Outbox box = Outbox.open(folder, 1, 11, 2, null);
        try (ChronicleQueue q = folder.openQueue(2)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                senders.add(Thread.ofVirtual().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < each; i++) {
                        byte[] p = ByteBuffer.allocate(8 + id * 100).order(ByteOrder.LITTLE_ENDIAN).putInt(id).putInt(i).array();
                        box.append(22, 0x01000001, 0x02000002, 1, 0, Payloads.BYTES, p, p.length);
                    }
                }));
            }
            start.countDown();
            for (Thread s : senders) assertThat(s.join(java.time.Duration.ofSeconds(60))).isTrue();
            int[] next = new int[threads];
            ExcerptTailer tailer = q.createTailer();
            for (int n = 0; n < threads * each; n++) {
                Frame f = readOne(tailer);
                ByteBuffer p = ByteBuffer.wrap(f.payload()).order(ByteOrder.LITTLE_ENDIAN);
                int id = p.getInt(), i = p.getInt();
                assertThat(f.payload()).hasSize(8 + id * 100);
                assertThat(i).as("thread %d's frames in its order", id).isEqualTo(next[id]++);
            }
            assertThat(readOneOrNull(tailer)).isNull();
        } finally {
            box.close();
        }
    }

    @Test
    void aFrameOfTheLargestPayloadIsCarriedWhole() throws Exception {
        HarborFolder folder = new HarborFolder(dir);
        byte[] big = new byte[Frame.MAX_PAYLOAD];
        for (int i = 0; i < big.length; i += 4096) big[i] = (byte) (i >>> 12);
        big[big.length - 1] = 42;
        Outbox box = Outbox.open(folder, 1, 11, 2, null);
        try (ChronicleQueue q = folder.openQueue(2)) {
            // over a quarter of Chronicle's default block: failed to append before the block was sized
            assertThat(box.append(22, 0x01000001, 0x02000002, 1, 7, Payloads.BYTES, big, big.length)).isTrue();
            Frame f = readOne(q.createTailer());
            assertThat(f.session()).isEqualTo(7);
            assertThat(f.payload()).isEqualTo(big);
        } finally {
            box.close();
        }
    }

    @Test
    void aClosedOutboxRefusesToAppend() {
        Outbox box = Outbox.open(new HarborFolder(dir), 1, 11, 2, null);
        box.close();
        assertThat(box.append(22, 0x01000001, 0x02000002, 1, 0, Payloads.NIL, new byte[0], 0)).isFalse();
    }

    private static Frame readOne(ExcerptTailer tailer) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (;;) {
            Frame f = readOneOrNull(tailer);
            if (f != null) return f;
            assertThat(System.nanoTime()).as("a frame within 30 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static Frame readOneOrNull(ExcerptTailer tailer) throws Frame.BadFrame {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) return null;
            Bytes<?> b = dc.wire().bytes();
            int n = (int) b.readRemaining();
            byte[] head = new byte[Math.min(n, Frame.HEADER)];
            b.read(head);
            return Frame.decode(ByteBuffer.wrap(head), n, p -> b.read(p));
        }
    }
}
