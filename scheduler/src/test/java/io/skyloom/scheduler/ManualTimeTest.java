package io.skyloom.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualTimeTest {

    static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void entriesFireOnlyWhenTimeMovesAndInTheOrderTheyFallDue() {
        ManualTime time = new ManualTime();
        TimerWheel wheel = new TimerWheel("t", time);
        List<String> fired = new CopyOnWriteArrayList<>();
        wheel.schedule(3 * SECOND, () -> fired.add("c"));
        wheel.schedule(SECOND, () -> fired.add("a"));
        wheel.schedule(SECOND, () -> fired.add("a2"));
        wheel.schedule(2 * SECOND, () -> fired.add("b")).cancel();
        assertThat(wheel.pending()).isEqualTo(3);
        assertThat(time.fireNext(SECOND / 2)).isFalse();
        assertThat(fired).isEmpty();
        assertThat(time.nanos()).isEqualTo(SECOND / 2);
        assertThat(time.fireNext(10 * SECOND)).isTrue();
        assertThat(fired).containsExactly("a", "a2");
        assertThat(time.nanos()).isEqualTo(SECOND);
        assertThat(time.fireNext(10 * SECOND)).isTrue();
        assertThat(fired).containsExactly("a", "a2", "c");
        assertThat(time.fireNext(10 * SECOND)).isFalse();
        assertThat(time.nanos()).isEqualTo(10 * SECOND);
        assertThat(wheel.pending()).isZero();
    }

    @Test
    void anExpiryMayScheduleAgainRelativeToTheInstantItFiredAt() {
        ManualTime time = new ManualTime();
        TimerWheel wheel = new TimerWheel("t", time);
        List<Long> at = new CopyOnWriteArrayList<>();
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            at.add(time.nanos());
            if (at.size() < 5) wheel.schedule(SECOND, tick[0]);
        };
        wheel.schedule(SECOND, tick[0]);
        while (time.fireNext(100 * SECOND)) { }
        assertThat(at).containsExactly(SECOND, 2 * SECOND, 3 * SECOND, 4 * SECOND, 5 * SECOND);
    }

    @Test
    void theNodeClockFollowsManualTime() {
        ManualTime time = new ManualTime();
        NodeClock clock = new NodeClock(time);
        assertThat(clock.now()).isZero();
        time.fireNext(3600 * SECOND);
        assertThat(clock.now()).isEqualTo(360_000);
        assertThat(clock.time()).isEqualTo(clock.startTime() + 3600, org.assertj.core.api.Assertions.within(1.0));
        assertThat(clock.hpc()).isEqualTo(3600 * SECOND);
    }
}
