package io.skyloom.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedisServerTest {

    @Test
    void aStartedServerAnswersOnItsLoopbackPortAndIsGoneAfterClose() throws IOException {
        RedisServer redis = RedisServer.start();
        try (Socket s = new Socket(redis.host(), redis.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(s.getInputStream().readNBytes(8), StandardCharsets.US_ASCII)).isEqualTo("$2\r\nhi\r\n");
        } finally {
            redis.close();
        }
        assertThat(redis.isAlive()).isFalse();
        assertThatThrownBy(() -> new Socket(redis.host(), redis.port()).close()).isInstanceOf(IOException.class);
    }

    @Test
    void twoServersGetTwoPorts() {
        try (RedisServer a = RedisServer.start(); RedisServer b = RedisServer.start()) {
            assertThat(a.port()).isNotEqualTo(b.port());
            assertThat(a.isAlive() && b.isAlive()).isTrue();
        }
    }

    @Test
    void killEndsTheServerAtOnce() {
        RedisServer redis = RedisServer.start();
        redis.kill();
        assertThat(redis.isAlive()).isFalse();
        redis.close();
    }

    @Test
    void aMissingRedisServerFailsWithOneLineNamingThePackage() {
        assertThatThrownBy(() -> RedisServer.start("redis-server-that-is-not-installed"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(RedisServer.MISSING)
                .hasMessageNotContaining("\n")
                .hasMessageContaining("install the package redis-server");
    }
}
