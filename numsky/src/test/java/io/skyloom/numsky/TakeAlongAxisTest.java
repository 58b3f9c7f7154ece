package io.skyloom.numsky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Integer-array indexing on any axis, as numpy's a[:, [3, 0]] and np.take(a, idx, axis). */
class TakeAlongAxisTest {

    /** [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]] */
    static NDArray grid() {
        return NDArray.arange(12).reshape(3, 4);
    }

    static NDArray ix(long... v) {
        return NDArray.array(v);
    }

    @Test
    void takePicksAlongTheGivenAxis() {
        NDArray cols = grid().take(ix(3, 0), 1);
        assertThat(cols.shape()).containsExactly(3, 2);
        assertThat(cols.toLongArray()).containsExactly(3, 0, 7, 4, 11, 8);
        assertThat(grid().take(ix(-1), 0).toLongArray()).containsExactly(8, 9, 10, 11);
        assertThat(grid().take(ix(2, 2), -1).toLongArray()).containsExactly(2, 2, 6, 6, 10, 10);
        assertThat(grid().take(ix(), 1).shape()).containsExactly(3, 0);
    }

    @Test
    void takeOfAViewWithNegativeStridesReadsTheView() {
        NDArray reversedRows = grid().slice(new Slice(null, null, -1));   // rows 2, 1, 0
        assertThat(reversedRows.take(ix(0), 1).toLongArray()).containsExactly(8, 4, 0);
    }

    @Test
    void putWritesANumberASlabOrOneSlabPerIndex() {
        NDArray a = grid();
        a.put(ix(0, 2), 1, 100L);
        assertThat(a.toLongArray()).containsExactly(100, 1, 100, 3, 100, 5, 100, 7, 100, 9, 100, 11);
        NDArray b = grid();
        b.put(ix(1, 3), 1, NDArray.array(new long[] {-1, -2, -3, -4, -5, -6}).reshape(3, 2));
        assertThat(b.toLongArray()).containsExactly(0, -1, 2, -2, 4, -3, 6, -4, 8, -5, 10, -6);
        NDArray c = grid();
        c.put(ix(-1), 0, NDArray.array(new long[] {7, 7, 7, 7}));       // one row, broadcast
        assertThat(c.slice(2).toLongArray()).containsExactly(7, 7, 7, 7);
    }

    @Test
    void badAxesAndIndicesSayWhat() {
        assertThatThrownBy(() -> grid().take(ix(4), 1)).hasMessageContaining("index 4 is out of bounds for axis 1 with size 4");
        assertThatThrownBy(() -> grid().take(ix(0), 2)).hasMessageContaining("axis 2 is out of range for an array of 2 dimensions");
        assertThatThrownBy(() -> grid().take(NDArray.array(new double[] {0.5}), 0)).hasMessageContaining("must be integers");
    }
}
