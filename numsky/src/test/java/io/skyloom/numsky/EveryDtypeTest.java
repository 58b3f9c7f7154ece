package io.skyloom.numsky;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * add, sub, mul and the comparisons for every pair of dtypes, against exact arithmetic
 * (BigInteger for integers, wrapped to the result type's width as numpy's fixed-width
 * integers wrap; double for floats, rounded to float32 where the result is float32).
 */
class EveryDtypeTest {

    static final long[] VALUES = {0, 1, 100, 127};   // fit every dtype, even int8; bool sees 0/1

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (DType a : DType.values()) for (DType b : DType.values()) out.add(Arguments.of(a, b));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} op {1}")
    @MethodSource("pairs")
    void arithmeticAndComparisonsMatchExactArithmetic(DType ta, DType tb) {
        NDArray a = NDArray.array(VALUES, ta);
        NDArray b = NDArray.array(new long[] {127, 100, 1, 0}, tb);
        DType out = DType.promote(ta, tb);
        check(Numsky.add(a, b), out, a, b, '+');
        if (out != DType.BOOL) check(Numsky.sub(a, b), out, a, b, '-');   // numpy refuses bool - bool
        check(Numsky.mul(a, b), out, a, b, '*');
        NDArray lt = Numsky.lt(a, b);
        assertThat(lt.dtype()).isEqualTo(DType.BOOL);
        for (int i = 0; i < 4; i++)
            assertThat(lt.getBoolean(i)).as("%s < %s", a.getDouble(i), b.getDouble(i)).isEqualTo(a.getDouble(i) < b.getDouble(i));
    }

    private static void check(NDArray r, DType out, NDArray a, NDArray b, char op) {
        assertThat(r.dtype()).isEqualTo(out);
        for (int i = 0; i < 4; i++) {
            if (out.isFloat()) {
                double x = a.getDouble(i), y = b.getDouble(i);
                double exact = op == '+' ? x + y : op == '-' ? x - y : x * y;
                double want = out == DType.FLOAT32 ? (float) exact : exact;
                assertThat(r.getDouble(i)).as("%s %s %s", x, op, y).isEqualTo(want);
            } else {
                BigInteger x = BigInteger.valueOf(a.getLong(i)), y = BigInteger.valueOf(b.getLong(i));
                BigInteger exact = op == '+' ? x.add(y) : op == '-' ? x.subtract(y) : x.multiply(y);
                assertThat(r.getLong(i)).as("%s %s %s as %s", x, op, y, out).isEqualTo(wrap(exact, out));
            }
        }
    }

    /** Two's-complement wrap to the dtype's width; unsigned types read back without sign. */
    static long wrap(BigInteger v, DType t) {
        if (t.isBool()) return v.signum() != 0 ? 1 : 0;
        int bits = t.itemSize() * 8;
        BigInteger mod = BigInteger.ONE.shiftLeft(bits);
        BigInteger u = v.mod(mod);
        if (!t.isUnsigned() && u.testBit(bits - 1)) u = u.subtract(mod);
        return u.longValue();
    }
}
