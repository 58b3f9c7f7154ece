package io.skyloom.foreign.harbor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sleeping reader is woken by a sender's ring, and only a sleeping one is rung. */
class DoorbellTest {

    @TempDir
    Path dir;

    @Test
    void aRingWakesASleepingReaderLongBeforeItsWaitEnds() throws Exception {
        try (Doorbell bell = Doorbell.open(dir.resolve("node-3.bell"), 3); DatagramSocket out = new DatagramSocket()) {
            Doorbell.Peer peer = Doorbell.Peer.of(dir.resolve("node-3.bell"), 3);
            assertThat(peer).isNotNull();
            bell.sleeping();
            assertThat(bell.state()).isEqualTo(Doorbell.ASLEEP);
            long start = System.nanoTime();
            CompletableFuture<Boolean> woke = CompletableFuture.supplyAsync(() -> bell.await(600_000),
                    r -> Thread.ofPlatform().start(r));
            assertThat(peer.ring(out)).isTrue();
            assertThat(woke.get(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
            assertThat(bell.state()).isEqualTo(Doorbell.AWAKE);
        }
    }

    @Test
    void anAwakeReaderIsNotRungAndOneRingIsEnoughForMany() throws Exception {
        try (Doorbell bell = Doorbell.open(dir.resolve("node-4.bell"), 4); DatagramSocket out = new DatagramSocket()) {
            Doorbell.Peer peer = Doorbell.Peer.of(dir.resolve("node-4.bell"), 4);
            assertThat(peer.ring(out)).isFalse();
            bell.sleeping();
            assertThat(peer.ring(out)).isTrue();
            assertThat(peer.ring(out)).as("rung already: the next sender does not ring again").isFalse();
            assertThat(bell.state()).isEqualTo(Doorbell.RUNG);
            assertThat(bell.await(600_000)).isTrue();   // the datagram is there: returns at once
        }
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
