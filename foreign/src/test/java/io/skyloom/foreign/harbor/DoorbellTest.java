package io.skyloom.foreign.harbor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sleeping reader is woken by a sender's ring, and only a sleeping one is rung; the
 * reader a platform thread or (the harbor's default) a virtual one.
 */
class DoorbellTest {

    /** Far longer than any wake-up: a test that waits it out failed. */
    private static final int WAIT_MILLIS = 600_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "virtual reader = {0}")
    @ValueSource(booleans = {false, true})
    void aRingWakesASleepingReaderLongBeforeItsWaitEnds(boolean virtual) throws Exception {
        try (Doorbell bell = Doorbell.open(dir.resolve("node-3.bell"), 3); DatagramSocket out = new DatagramSocket()) {
            Doorbell.Peer peer = Doorbell.Peer.of(dir.resolve("node-3.bell"), 3);
            assertThat(peer).isNotNull();
            CountDownLatch asleep = new CountDownLatch(1);
            CompletableFuture<Boolean> woke = reader(virtual, bell, () -> {}, asleep::countDown);
            assertThat(asleep.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(peer.ring(out)).isTrue();
            assertThat(woke.get(60, TimeUnit.SECONDS)).isTrue();
            assertThat(bell.state()).isEqualTo(Doorbell.AWAKE);
        }
    }

    @ParameterizedTest(name = "virtual reader = {0}")
    @ValueSource(booleans = {false, true})
    void aRingBeforeTheReaderBlocksStillWakesIt(boolean virtual) throws Exception {
        try (Doorbell bell = Doorbell.open(dir.resolve("node-4.bell"), 4); DatagramSocket out = new DatagramSocket()) {
            Doorbell.Peer peer = Doorbell.Peer.of(dir.resolve("node-4.bell"), 4);
            CompletableFuture<Boolean> woke = reader(virtual, bell,
                    () -> assertThat(peer.ring(out)).as("an awake reader is not rung").isFalse(),
                    () -> {
                        assertThat(peer.ring(out)).isTrue();
                        assertThat(peer.ring(out)).as("rung already: the next sender does not ring again").isFalse();
                        assertThat(bell.state()).isEqualTo(Doorbell.RUNG);
                    });
            assertThat(woke.get(60, TimeUnit.SECONDS)).as("the ring came first: the wait returns at once").isTrue();
        }
    }

    @ParameterizedTest(name = "virtual reader = {0}")
    @ValueSource(booleans = {false, true})
    void closingTheBellEndsTheWait(boolean virtual) throws Exception {
        Doorbell bell = Doorbell.open(dir.resolve("node-6.bell"), 6);
        CountDownLatch asleep = new CountDownLatch(1);
        CompletableFuture<Boolean> woke = reader(virtual, bell, () -> {}, asleep::countDown);
        assertThat(asleep.await(60, TimeUnit.SECONDS)).isTrue();
        bell.close();
        assertThat(woke.get(60, TimeUnit.SECONDS)).as("a closed bell tells its reader to stop").isFalse();
    }

    /**
     * A reader on its own thread: {@code beforeSleep}, the mark asleep, {@code asleep}, then
     * the wait on the bell; the wait's result, or whatever failed on that thread.
     */
    private static CompletableFuture<Boolean> reader(boolean virtual, Doorbell bell, Runnable beforeSleep, Runnable asleep) {
        CompletableFuture<Boolean> woke = new CompletableFuture<>();
        (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
            try {
                beforeSleep.run();
                bell.sleeping();
                asleep.run();
                woke.complete(bell.await(WAIT_MILLIS));
            } catch (Throwable t) {
                woke.completeExceptionally(t);
            }
        });
        return woke;
    }

    @Test
    void aMissingOrForeignBellFileIsNoBell() throws Exception {
        assertThat(Doorbell.Peer.of(dir.resolve("node-9.bell"), 9)).isNull();
        try (Doorbell bell = Doorbell.open(dir.resolve("node-5.bell"), 5)) {
            assertThat(Doorbell.Peer.of(dir.resolve("node-5.bell"), 6)).isNull();
            java.nio.file.Files.write(dir.resolve("junk.bell"), new byte[3]);
            assertThat(Doorbell.Peer.of(dir.resolve("junk.bell"), 1)).isNull();
        }
    }
}
