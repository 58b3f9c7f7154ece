package io.skyloom.numsky;

import static io.skyloom.numsky.DType.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Expected values are worked by hand or taken from numpy's documented rules. */
class NDArrayTest {

    static NDArray range(int n) {
        return NDArray.arange(n);
    }

    @Test
    void promotionFollowsNumpysTable() {
        assertThat(DType.promote(INT8, UINT8)).isEqualTo(INT16);
        assertThat(DType.promote(INT16, UINT16)).isEqualTo(INT32);
        assertThat(DType.promote(INT32, UINT32)).isEqualTo(INT64);
        assertThat(DType.promote(INT64, UINT32)).isEqualTo(INT64);
        assertThat(DType.promote(UINT8, UINT32)).isEqualTo(UINT32);
        assertThat(DType.promote(INT16, FLOAT32)).isEqualTo(FLOAT32);
        assertThat(DType.promote(INT32, FLOAT32)).isEqualTo(FLOAT64);
        assertThat(DType.promote(FLOAT32, FLOAT64)).isEqualTo(FLOAT64);
        assertThat(DType.promote(BOOL, UINT8)).isEqualTo(UINT8);
        assertThat(DType.promote(BOOL, BOOL)).isEqualTo(BOOL);
    }

    @Test
    void dtypeNamesParseAndBadOnesSayWhatExists() {
        assertThat(DType.of("float64")).isEqualTo(FLOAT64);
        assertThat(DType.of("f4")).isEqualTo(FLOAT32);
        assertThatThrownBy(() -> DType.of("complex128")).hasMessageContaining("complex128").hasMessageContaining("float64");
    }

    @Test
    void arraysFromJavaDataTakeTheirShapeAndType() {
        NDArray a = NDArray.array(List.of(List.of(1, 2, 3), List.of(4, 5, 6)));
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.dtype()).isEqualTo(INT64);
        assertThat(a.strides()).containsExactly(24, 8);
        assertThat(NDArray.array(List.of(1, 2.5)).dtype()).isEqualTo(FLOAT64);
        assertThat(NDArray.array(new boolean[] {true, false}).dtype()).isEqualTo(BOOL);
        assertThat(NDArray.array(new float[][] {{1f}, {2f}}).shape()).containsExactly(2, 1);
        assertThatThrownBy(() -> NDArray.array(List.of(List.of(1, 2), List.of(3)))).hasMessageContaining("ragged");
        assertThatThrownBy(() -> NDArray.array(List.of(1, "x"))).hasMessageContaining("String");
    }

    @Test
    void arangeLinspaceOnesAndZeros() {
        assertThat(NDArray.arange(1, 2, 0.25, FLOAT64).toDoubleArray()).containsExactly(1, 1.25, 1.5, 1.75);
        assertThat(NDArray.linspace(0, 1, 5).toDoubleArray()).containsExactly(0, 0.25, 0.5, 0.75, 1);
        assertThat(NDArray.ones(INT32, 2, 2).toLongArray()).containsExactly(1, 1, 1, 1);
        assertThat(NDArray.zeros(FLOAT32, 0, 3).size()).isZero();
    }

    @Test
    void broadcastingCombinesShapes() {
        NDArray col = range(3).reshape(3, 1);
        NDArray row = NDArray.array(new long[] {10, 20, 30, 40});
        NDArray s = Numsky.add(col, row);
        assertThat(s.shape()).containsExactly(3, 4);
        assertThat(s.toLongArray()).containsExactly(10, 20, 30, 40, 11, 21, 31, 41, 12, 22, 32, 42);
        assertThatThrownBy(() -> Numsky.add(range(3), range(4)))
                .hasMessageContaining("could not be broadcast").hasMessageContaining("[3]").hasMessageContaining("[4]");
    }

    @Test
    void slicesAreViewsWithNumpysBounds() {
        NDArray a = range(10);
        assertThat(a.slice(new Slice(1, 7, 2)).toLongArray()).containsExactly(1, 3, 5);
        assertThat(a.slice(new Slice(null, null, -1)).toLongArray()).containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        assertThat(a.slice(new Slice(-1, -4, -1)).toLongArray()).containsExactly(9, 8, 7);
        assertThat(a.slice(new Slice(8, 100, 1)).toLongArray()).containsExactly(8, 9);
        assertThat(a.slice(new Slice(5, 2, 1)).size()).isZero();
        NDArray m = range(12).reshape(3, 4);
        NDArray col = m.slice(Slice.all(), 1);
        assertThat(col.toLongArray()).containsExactly(1, 5, 9);
        col.set(100L, 2);
        assertThat(m.getLong(2, 1)).isEqualTo(100);
        assertThat(m.slice(new Slice(null, null, -1), new Slice(null, null, -2)).toLongArray())
                .containsExactly(11, 100, 7, 5, 3, 1);
        assertThat(m.slice(1).sharesMemoryWith(m)).isTrue();
        assertThatThrownBy(() -> m.slice(3)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("axis 0");
        assertThatThrownBy(() -> m.getLong(0, 4)).hasMessageContaining("size 4");
    }

    @Test
    void reshapeIsAViewWhenContiguousAndChecksTheSize() {
        NDArray a = range(6);
        NDArray r = a.reshape(2, -1);
        assertThat(r.shape()).containsExactly(2, 3);
        r.set(42L, 1, 2);
        assertThat(a.getLong(5)).isEqualTo(42);
        assertThatThrownBy(() -> a.reshape(4, 2)).hasMessageContaining("cannot reshape array of size 6 into shape [4, 2]");
        NDArray f = r.flatten();
        f.set(0L, 0);
        assertThat(a.getLong(0)).isEqualTo(0);
        assertThat(f.sharesMemoryWith(a)).isFalse();
        NDArray strided = a.slice(new Slice(null, null, 2)).reshape(3, 1);
        assertThat(strided.toLongArray()).containsExactly(0, 2, 4);
    }

    @Test
    void integerAndMaskIndexingCopyAndAssignmentWritesThrough() {
        NDArray a = NDArray.array(new double[] {1, 2, 3, 4, 5});
        assertThat(a.take(NDArray.array(new long[] {4, 0, -1})).toDoubleArray()).containsExactly(5, 1, 5);
        NDArray big = Numsky.gt(a, 2.5);
        assertThat(big.dtype()).isEqualTo(BOOL);
        assertThat(a.mask(big).toDoubleArray()).containsExactly(3, 4, 5);
        a.putMask(big, 0.0);
        assertThat(a.toDoubleArray()).containsExactly(1, 2, 0, 0, 0);
        a.put(NDArray.array(new long[] {0, 1}), 9.0);
        assertThat(a.toDoubleArray()).containsExactly(9, 9, 0, 0, 0);
        a.assign(new Object[] {new Slice(2, null, 1)}, NDArray.array(new double[] {7, 8, 9}));
        assertThat(a.toDoubleArray()).containsExactly(9, 9, 7, 8, 9);
        assertThatThrownBy(() -> a.take(NDArray.array(new long[] {5}))).hasMessageContaining("index 5 is out of bounds");
        assertThatThrownBy(() -> a.mask(NDArray.array(new boolean[] {true}))).hasMessageContaining("mask shape");
    }

    @Test
    void divisionFollowsPython() {
        NDArray a = NDArray.array(new long[] {7, -7, 7, -7});
        NDArray b = NDArray.array(new long[] {2, 2, -2, -2});
        assertThat(Numsky.div(a, b).dtype()).isEqualTo(FLOAT64);
        assertThat(Numsky.div(a, b).toDoubleArray()).containsExactly(3.5, -3.5, -3.5, 3.5);
        assertThat(Numsky.idiv(a, b).toLongArray()).containsExactly(3, -4, -4, 3);
        assertThat(Numsky.mod(a, b).toLongArray()).containsExactly(1, 1, -1, -1);
        assertThat(Numsky.mod(NDArray.array(new double[] {-7.5}), 2.0).toDoubleArray()).containsExactly(0.5);
        assertThatThrownBy(() -> Numsky.pow(a, NDArray.array(new long[] {-1}))).hasMessageContaining("negative integer powers");
        assertThat(Numsky.pow(a, 2).toLongArray()).containsExactly(49, 49, 49, 49);
    }

    @Test
    void integersWrapAndScalarsAreWeak() {
        NDArray u = NDArray.array(new long[] {250, 5}, UINT8);
        NDArray s = Numsky.add(u, 10);
        assertThat(s.dtype()).isEqualTo(UINT8);
        assertThat(s.toLongArray()).containsExactly(4, 15);
        assertThat(Numsky.mul(NDArray.array(new float[] {1.5f}), 2.0).dtype()).isEqualTo(FLOAT32);
        assertThat(Numsky.add(NDArray.array(new int[] {1}), 0.5).dtype()).isEqualTo(FLOAT64);
    }

    @Test
    void bitwiseOperationsTakeIntegersOnly() {
        NDArray a = NDArray.array(new long[] {12, 10});
        assertThat(Numsky.band(a, 6).toLongArray()).containsExactly(4, 2);
        assertThat(Numsky.bor(a, 1).toLongArray()).containsExactly(13, 11);
        assertThat(Numsky.bxor(a, 15).toLongArray()).containsExactly(3, 5);
        assertThat(Numsky.shl(a, 2).toLongArray()).containsExactly(48, 40);
        assertThat(Numsky.shr(a, 1).toLongArray()).containsExactly(6, 5);
        assertThat(Numsky.bnot(NDArray.array(new long[] {0}, INT8)).toLongArray()).containsExactly(-1);
        assertThat(Numsky.bnot(NDArray.array(new boolean[] {true, false})).toLongArray()).containsExactly(0, 1);
        assertThatThrownBy(() -> Numsky.band(NDArray.array(new double[] {1}), 1)).hasMessageContaining("integers or bools");
    }

    @Test
    void unaryOperationsAndTheirTypes() {
        NDArray a = NDArray.array(new long[] {-2, 3});
        assertThat(Numsky.unm(a).toLongArray()).containsExactly(2, -3);
        assertThat(Numsky.abs(a).toLongArray()).containsExactly(2, 3);
        assertThat(Numsky.sqrt(NDArray.array(new long[] {4, 9})).toDoubleArray()).containsExactly(2, 3);
        assertThat(Numsky.sqrt(NDArray.array(new long[] {4})).dtype()).isEqualTo(FLOAT64);
        // numpy 2: float functions compute in the smallest float that holds the input
        // (float16 for 8-bit integers, which numsky computes in float32); ceil and floor
        // keep integer types
        assertThat(Numsky.sqrt(NDArray.array(new long[] {4}, INT16)).dtype()).isEqualTo(FLOAT32);
        assertThat(Numsky.sin(NDArray.array(new long[] {0}, DType.UINT8)).dtype()).isEqualTo(FLOAT32);
        assertThat(Numsky.exp(NDArray.array(new long[] {0}, INT32)).dtype()).isEqualTo(FLOAT64);
        NDArray ceiled = Numsky.ceil(NDArray.array(new long[] {-3, 7}, INT32));
        assertThat(ceiled.dtype()).isEqualTo(INT32);
        assertThat(ceiled.toLongArray()).containsExactly(-3, 7);
        assertThat(Numsky.floor(NDArray.array(new long[] {1, 0}, DType.BOOL)).dtype()).isEqualTo(DType.BOOL);
        assertThat(Numsky.floor(NDArray.array(new float[] {1.5f})).dtype()).isEqualTo(FLOAT32);
        assertThat(Numsky.deg(NDArray.array(new double[] {Math.PI})).getDouble(0)).isCloseTo(180, within(1e-9));
        assertThat(Numsky.atan2(NDArray.array(new double[] {1}), NDArray.array(new double[] {1})).getDouble(0))
                .isCloseTo(Math.PI / 4, within(1e-12));
        assertThat(Numsky.fmax(NDArray.array(new double[] {Double.NaN, 1}), NDArray.array(new double[] {2, Double.NaN}))
                .toDoubleArray()).containsExactly(2, 1);
        assertThatThrownBy(() -> Numsky.unm(NDArray.array(new boolean[] {true}))).hasMessageContaining("bool");
    }

    @Test
    void reductionsWholeAndAlongAnAxis() {
        NDArray m = NDArray.array(List.of(List.of(1, 5, 3), List.of(4, 2, 6)), INT32);
        assertThat(Numsky.sum(m).dtype()).isEqualTo(INT64);
        assertThat(Numsky.sum(m).getLong()).isEqualTo(21);
        assertThat(Numsky.sum(m, 0).toLongArray()).containsExactly(5, 7, 9);
        assertThat(Numsky.sum(m, -1).toLongArray()).containsExactly(9, 12);
        assertThat(Numsky.prod(m, 1).toLongArray()).containsExactly(15, 48);
        assertThat(Numsky.max(m, 0).toLongArray()).containsExactly(4, 5, 6);
        assertThat(Numsky.min(m).getLong()).isEqualTo(1);
        assertThat(Numsky.argmax(m).getLong()).isEqualTo(5);
        assertThat(Numsky.argmin(m, 1).toLongArray()).containsExactly(0, 1);
        assertThat(Numsky.mean(m, 0).toDoubleArray()).containsExactly(2.5, 3.5, 4.5);
        assertThat(Numsky.var(NDArray.array(new double[] {1, 2, 3, 4})).getDouble()).isEqualTo(1.25);
        assertThat(Numsky.std(NDArray.array(new double[] {2, 4, 4, 4, 5, 5, 7, 9})).getDouble()).isEqualTo(2.0);
        assertThat(Numsky.any(Numsky.gt(m, 5)).getBoolean()).isTrue();
        assertThat(Numsky.all(Numsky.gt(m, 0), 1).toLongArray()).containsExactly(1, 1);
        assertThatThrownBy(() -> Numsky.max(NDArray.zeros(FLOAT64, 0))).hasMessageContaining("zero-size array");
        assertThatThrownBy(() -> Numsky.sum(m, 2)).hasMessageContaining("axis 2 is out of bounds");
        assertThat(Numsky.sum(NDArray.zeros(FLOAT64, 0)).getDouble()).isZero();
    }

    @Test
    void reductionsOfStridedViews() {
        NDArray a = NDArray.arange(0, 10, 1, FLOAT64);
        NDArray odd = a.slice(new Slice(1, null, 2));
        assertThat(Numsky.sum(odd).getDouble()).isEqualTo(25);
        assertThat(Numsky.sum(a.slice(new Slice(null, null, -1))).getDouble()).isEqualTo(45);
    }

    @Test
    void whereChoosesWithBroadcasting() {
        NDArray a = range(4);
        assertThat(Numsky.where(Numsky.lt(a, 2), a, Numsky.mul(a, 10)).toLongArray()).containsExactly(0, 1, 20, 30);
        assertThat(Numsky.where(NDArray.array(new boolean[] {true, false}), 1.5, 0).toDoubleArray()).containsExactly(1.5, 0);
    }

    @Test
    void zeroDimensionalArraysHoldOneValue() {
        NDArray s = NDArray.scalar(FLOAT64, 2.5);
        assertThat(s.ndim()).isZero();
        assertThat(s.size()).isEqualTo(1);
        assertThat(Numsky.add(s, NDArray.array(new double[] {1, 2})).toDoubleArray()).containsExactly(3.5, 4.5);
        assertThat(s.toString()).isEqualTo("array(2.5, dtype=float64)");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void everyDtypeRoundTripsThroughNpyAndAstype(DType t) {
        NDArray a = NDArray.array(new long[] {0, 1, 1, 0, 1, 1}, t).reshape(2, 3);
        NDArray back = Npy.fromBytes(Npy.toBytes(a));
        assertThat(back.dtype()).isEqualTo(t);
        assertThat(back.shape()).containsExactly(2, 3);
        assertThat(back.toDoubleArray()).containsExactly(a.toDoubleArray());
        assertThat(Numsky.sum(Numsky.eq(a.astype(FLOAT64), back)).getLong()).isEqualTo(6);
        assertThat(Npy.toBytes(a).length % 64).isEqualTo(6 * t.itemSize() % 64);
    }

    @Test
    void npyReadsAHandWrittenFortranOrderFile() {
        String dict = "{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }";
        String header = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + header.length() + 24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (int v : new int[] {1, 4, 2, 5, 3, 6}) b.putInt(v);   // column-major [[1,2,3],[4,5,6]]
        NDArray a = Npy.fromBytes(b.array());
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.toLongArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThatThrownBy(() -> Npy.fromBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})).hasMessageContaining("not a .npy");
    }

    @Test
    void int64KeepsItsExactValues() {
        long big = (1L << 53) + 1;
        NDArray a = NDArray.array(new long[] {big});
        assertThat(Numsky.add(a, 1).getLong(0)).isEqualTo(big + 1);
        assertThat(Npy.fromBytes(Npy.toBytes(a)).getLong(0)).isEqualTo(big);
    }
}
