package io.skyloom.core.kernel;

import io.skyloom.core.*;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SessionMapTest {

    @Test
    void agreesWithAHashMapOverAMillionRandomOperations() {
        SessionMap<Integer> map = new SessionMap<>();
        Map<Integer, Integer> model = new HashMap<>();
        SplittableRandom rnd = new SplittableRandom(42);
        for (int op = 0; op < 1_000_000; op++) {
            // a small key range makes long probe runs and many deletions inside them
            int key = 1 + rnd.nextInt(op < 500_000 ? 64 : 5_000);
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    map.put(key, op);
                    model.put(key, op);
                }
                case 1 -> assertThat(map.remove(key)).isEqualTo(model.remove(key));
                default -> assertThat(map.get(key)).isEqualTo(model.get(key));
            }
            assertThat(map.size()).isEqualTo(model.size());
        }
        for (var e : model.entrySet()) assertThat(map.get(e.getKey())).isEqualTo(e.getValue());
    }

    @Test
    void growsForAHundredThousandSleepersAndShrinksAfterThem() {
        SessionMap<String> map = new SessionMap<>();
        for (int s = 1; s <= 100_000; s++) map.put(s, "t" + s);
        assertThat(map.get(77_777)).isEqualTo("t77777");
        for (int s = 1; s <= 100_000; s++) assertThat(map.remove(s)).isEqualTo("t" + s);
        assertThat(map.size()).isZero();
        assertThat(map.get(5)).isNull();
        assertThat(map.toString()).isEqualTo("SessionMap[]");
    }

    @Test
    void drainHandsOutEveryValueOnceAndEmpties() {
        SessionMap<Integer> map = new SessionMap<>();
        for (int s = 1; s <= 50; s++) map.put(s * 7, s);
        List<Integer> seen = new ArrayList<>();
        map.drain(seen::add);
        assertThat(seen).hasSize(50).doesNotHaveDuplicates();
        assertThat(map.size()).isZero();
        assertThat(map.get(7)).isNull();
    }

    @Test
    void sessionZeroIsNoKey() {
        SessionMap<String> map = new SessionMap<>();
        assertThatThrownBy(() -> map.put(0, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(map.get(0)).isNull();
        assertThat(map.remove(0)).isNull();
        map.put(-5, "negative sessions are keys too");
        assertThat(map.get(-5)).isNotNull();
    }
}
