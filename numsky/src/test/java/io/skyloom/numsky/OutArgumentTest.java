package io.skyloom.numsky;

import static io.skyloom.numsky.DType.FLOAT32;
import static io.skyloom.numsky.DType.FLOAT64;
import static io.skyloom.numsky.DType.INT32;
import static io.skyloom.numsky.DType.INT64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** numpy's out=: np.add(a, b, out=c) writes into c and returns c, casting within a kind. */
class OutArgumentTest {

    @Test
    void theResultGoesIntoOutWhichIsReturned() {
        NDArray a = NDArray.array(new double[] {1, 2, 3}), b = NDArray.array(new double[] {10, 20, 30});
        NDArray out = NDArray.zeros(FLOAT64, 3);
        assertThat(Numsky.add(a, b, out)).isSameAs(out);
        assertThat(out.toDoubleArray()).containsExactly(11, 22, 33);
        assertThat(Numsky.mul(a, 2.0, out).toDoubleArray()).containsExactly(2, 4, 6);
        assertThat(Numsky.lt(a, 2.5, NDArray.zeros(DType.BOOL, 3)).toLongArray()).containsExactly(1, 1, 0);
    }

    @Test
    void outMayBeAnOperandOrAStridedView() {
        NDArray a = NDArray.array(new double[] {1, 2, 3, 4});
        Numsky.add(a, a, a);                                   // a += a, elementwise in place
        assertThat(a.toDoubleArray()).containsExactly(2, 4, 6, 8);
        NDArray base = NDArray.zeros(FLOAT64, 8);
        NDArray everyOther = base.slice(new Slice(null, null, 2));
        Numsky.sub(a, 1.0, everyOther);
        assertThat(base.toDoubleArray()).containsExactly(1, 0, 3, 0, 5, 0, 7, 0);
    }

    @Test
    void anOverlappingOutGetsTheSameResultAsAFreshArray() {
        // out is a shifted view of the operand: writing element i must not change what i+1 reads
        NDArray a = NDArray.array(new double[] {1, 2, 3, 4, 5});
        NDArray head = a.slice(new Slice(0, 4, 1)), tail = a.slice(new Slice(1, 5, 1));
        NDArray expected = Numsky.add(head, 10.0);
        Numsky.add(head, 10.0, tail);
        assertThat(tail.toDoubleArray()).containsExactly(expected.toDoubleArray());
        assertThat(a.toDoubleArray()).containsExactly(1, 11, 12, 13, 14);
    }

    @Test
    void theResultCastsWithinItsKindOnly() {
        NDArray i = NDArray.array(new long[] {1, 2, 3}, INT32);
        NDArray wider = NDArray.zeros(INT64, 3), floats = NDArray.zeros(FLOAT32, 3);
        assertThat(Numsky.add(i, i, wider).toLongArray()).containsExactly(2, 4, 6);
        assertThat(Numsky.add(i, i, floats).toDoubleArray()).containsExactly(2, 4, 6);
        NDArray f = NDArray.array(new double[] {1.5, 2, 3});
        assertThatThrownBy(() -> Numsky.add(f, f, NDArray.zeros(INT64, 3)))
                .hasMessageContaining("cannot write a float64 result into a int64 out");
    }

    @Test
    void anOutOfAnotherShapeIsRefused() {
        NDArray a = NDArray.zeros(FLOAT64, 2, 3), b = NDArray.zeros(FLOAT64, 3);
        NDArray ok = NDArray.zeros(FLOAT64, 2, 3);
        assertThat(Numsky.add(a, b, ok)).isSameAs(ok);   // broadcasting into out
        assertThatThrownBy(() -> Numsky.add(a, b, NDArray.zeros(FLOAT64, 3)))
                .hasMessageContaining("out has shape [3], the result [2, 3]");
    }
}
