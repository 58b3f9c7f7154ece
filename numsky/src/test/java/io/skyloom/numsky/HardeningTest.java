package io.skyloom.numsky;

import static io.skyloom.numsky.DType.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The Java API's side of issue 10: numpy 2's two conversions (Python values raise, casts
 * wrap as C on x86-64 does), numpy's shift counts, the allocation bounds, and the stop
 * check. Expected values are numpy 2.4.6's on x86-64 (for casts, its element-at-a-time
 * loop), as written in each comment.
 */
class HardeningTest {

    @Test
    void boxedValuesOutOfRangeRaiseAsNumpysOverflowError() {
        // np.array([300], np.uint8), np.array([-1], np.uint8), np.array([2**40], np.int32): OverflowError
        assertThatThrownBy(() -> NDArray.array(List.of(300L), UINT8)).isInstanceOf(ArithmeticException.class)
                .hasMessage("integer 300 is out of bounds for uint8 (0 to 255)");
        assertThatThrownBy(() -> NDArray.array(List.of(-1L), UINT8)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> NDArray.array(List.of(1L << 40), INT32)).isInstanceOf(ArithmeticException.class);
        // np.array([300.0], np.uint8) raises too; np.array([1.5], np.int8) truncates to 1
        assertThatThrownBy(() -> NDArray.array(List.of(300.0), UINT8)).isInstanceOf(ArithmeticException.class);
        assertThat(NDArray.array(List.of(1.5, -1.5), INT8).toLongArray()).containsExactly(1, -1);
        assertThatThrownBy(() -> NDArray.array(List.of(Double.NaN), INT32)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> NDArray.array(List.of(Double.POSITIVE_INFINITY), INT64)).hasMessageContaining("infinity");
        assertThatThrownBy(() -> NDArray.array(List.of(0x1p63), INT64)).isInstanceOf(ArithmeticException.class);
        assertThat(NDArray.array(List.of(1e300), FLOAT32).getDouble(0)).isInfinite();
        assertThat(NDArray.array(List.of(300L), BOOL).getBoolean(0)).isTrue();
    }

    @Test
    void scalarsAndAssignedNumbersAreCheckedLikePythonValues() {
        NDArray u = NDArray.zeros(UINT8, 2);
        // np.array([1, 2], np.uint8) + 300 and a[0] = 300: OverflowError
        assertThatThrownBy(() -> Numsky.add(u, 300)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> u.fill(256L)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> u.putMask(NDArray.array(new boolean[] {true, false}), -1L)).isInstanceOf(ArithmeticException.class);
        assertThat(Numsky.add(u, 255).toLongArray()).containsExactly(255, 255);
        u.fill(true);
        assertThat(u.toLongArray()).containsExactly(1, 1);
        assertThatThrownBy(() -> u.set(256L, 0)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> u.set(-0.5 - 1, 1)).isInstanceOf(ArithmeticException.class);
        u.set(254.9, 1);
        assertThat(u.getLong(1)).isEqualTo(254);
    }

    @Test
    void castsWrapAndFollowX86ForFloatsOutOfRange() {
        // np.array([300]).astype(np.uint8) is 44; primitive arrays convert as ndarrays do (a cast)
        assertThat(NDArray.array(new long[] {300}).astype(UINT8).getLong(0)).isEqualTo(44);
        assertThat(NDArray.array(new long[] {300}, UINT8).getLong(0)).isEqualTo(44);
        NDArray f = NDArray.array(new double[] {1e300, -1e300, Double.NaN, 3e9, 1e10, -1.0, 300.7});
        assertThat(f.astype(INT8).toLongArray()).containsExactly(0, 0, 0, 0, 0, -1, 44);
        assertThat(f.astype(INT64).toLongArray()).containsExactly(Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE,
                3_000_000_000L, 10_000_000_000L, -1, 300);
        assertThat(f.astype(INT32).toLongArray()).containsExactly(Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE,
                Integer.MIN_VALUE, Integer.MIN_VALUE, -1, 300);
        assertThat(f.astype(UINT32).getLong(4)).isEqualTo(1_410_065_408L);
        assertThat(f.astype(UINT8).getLong(5)).isEqualTo(255);
        assertThat(f.astype(INT16).getLong(2)).isZero();
    }

    @Test
    void shiftCountsBelowZeroOrPastTheWidthGiveZeroOrMinusOne() {
        // np.left_shift(1, -1) 0, np.right_shift(-8, -1) -1, np.right_shift(8, -1) 0,
        // np.left_shift(np.int8(1), 8) 0, np.right_shift(np.int8(-100), 100) -1
        assertThat(Numsky.shl(NDArray.array(new long[] {1}), -1).getLong(0)).isZero();
        assertThat(Numsky.shr(NDArray.array(new long[] {-8}), -1).getLong(0)).isEqualTo(-1);
        assertThat(Numsky.shr(NDArray.array(new long[] {8}), -1).getLong(0)).isZero();
        assertThat(Numsky.shl(NDArray.array(new byte[] {1}), 8).getLong(0)).isZero();
        assertThat(Numsky.shl(NDArray.array(new byte[] {1}), 7).getLong(0)).isEqualTo(-128);
        assertThat(Numsky.shr(NDArray.array(new byte[] {-100}), 100).getLong(0)).isEqualTo(-1);
        // uint8 with an int8 count of -1 meets in int16: 0 both ways
        NDArray u = NDArray.array(new long[] {200}, UINT8), minusOne = NDArray.array(new long[] {-1}, INT8);
        assertThat(Numsky.shl(u, minusOne).dtype()).isEqualTo(INT16);
        assertThat(Numsky.shl(u, minusOne).getLong(0)).isZero();
        assertThat(Numsky.shr(u, minusOne).getLong(0)).isZero();
    }

    @Test
    void allocationsPastTheLimitsFailBeforeAllocating() {
        assertThat(Limits.maxBytes()).isEqualTo(Limits.DEFAULT_MAX_BYTES);
        assertThatThrownBy(() -> NDArray.zeros(FLOAT64, 1 << 30)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8589934592 bytes").hasMessageContaining("skyloom.numsky.maxBytes");
        assertThatThrownBy(() -> NDArray.zeros(BOOL, 1 << 16, 1 << 16)).hasMessageContaining("more than 2147483639 elements");
        assertThatThrownBy(() -> NDArray.zeros(INT8, new int[65])).hasMessageContaining("at most 64 dimensions");
        assertThatThrownBy(() -> NDArray.zeros(INT8, 2, -1)).hasMessageContaining("negative dimensions");
        assertThatThrownBy(() -> NDArray.arange(0, 1e12, 1, FLOAT64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Numsky.add(NDArray.zeros(INT8, 1 << 15, 1), NDArray.zeros(INT8, 1 << 16)))
                .hasMessageContaining("more than");
        assertThat(NDArray.zeros(INT8, new int[64]).ndim()).isEqualTo(64);
    }

    @Test
    void nestedJavaDataIsBoundedAndMayHoldArrays() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertThatThrownBy(() -> NDArray.array(cyclic)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested deeper than 64");
        NDArray rows = NDArray.array(List.of(NDArray.array(new long[] {1, 2}), NDArray.array(new long[] {3, 4})), INT16);
        assertThat(rows.shape()).containsExactly(2, 2);
        assertThat(rows.toLongArray()).containsExactly(1, 2, 3, 4);
        assertThatThrownBy(() -> NDArray.array(List.of(NDArray.array(new long[] {1, 2}), NDArray.array(new long[] {3}))))
                .hasMessageContaining("ragged");
    }

    @Test
    void linspaceAndRangeTakeNumpysValues() {
        // np.linspace(1, 20, 20, False)[1] 1.95; np.linspace(0, 10, 4, dtype=np.int64) [0, 3, 6, 10]
        assertThat(NDArray.linspace(1, 20, 20, false, FLOAT64).getDouble(1)).isEqualTo(1.95);
        assertThat(NDArray.linspace(0, 10, 4, true, INT64).toLongArray()).containsExactly(0, 3, 6, 10);
        // np.arange(250, 260, dtype=np.uint8) wraps: 254, 255, 0, 1
        assertThat(NDArray.range(250, 1, 10, UINT8).slice(new Slice(4, 8, 1)).toLongArray()).containsExactly(254, 255, 0, 1);
    }

    @Test
    void aLongOperationStopsWhenItsThreadIsInterruptedOrTheCheckSaysSo() {
        NDArray big = NDArray.ones(FLOAT64, 4 * StopCheck.EVERY);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Numsky.add(big, big)).isInstanceOf(StopCheck.Stopped.class).hasMessageContaining("interrupted");
        } finally {
            assertThat(Thread.interrupted()).as("numsky leaves the interrupt flag set").isTrue();
        }
        AtomicInteger polls = new AtomicInteger();
        StopCheck.install(polls::incrementAndGet);
        try {
            Numsky.sum(big);
            Numsky.mul(big.slice(new Slice(null, null, 2)), 2.0);
            big.astype(INT32);
        } finally {
            StopCheck.install(null);
        }
        assertThat(polls.get()).as("one poll per 65536 elements of each").isGreaterThanOrEqualTo(4 + 2 + 4);
        assertThat(Numsky.sum(big).getDouble()).isEqualTo(4 * StopCheck.EVERY);
    }
}
