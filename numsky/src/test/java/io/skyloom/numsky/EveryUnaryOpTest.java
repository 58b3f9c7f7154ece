package io.skyloom.numsky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every unary operation and reduction of numsky for every dtype, against numpy itself
 * (numpy_unary.txt, written by bench/python/numpy_golden.py) on [0, 1, 100, 127]. Two
 * deviations, by design: numsky has no float16 (it computes in float32 where numpy
 * computes in float16, compared within float16's precision) and no uint64 (sums and
 * products of unsigned types are int64, exact below 2^63).
 */
class EveryUnaryOpTest {

    record Case(String op, DType t, String result, double[] values) {
        @Override
        public String toString() {
            return op + "(" + t + ")";
        }
    }

    static Stream<Case> cases() throws IOException {
        try (InputStream in = EveryUnaryOpTest.class.getResourceAsStream("/numpy_unary.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).map(l -> {
                String[] f = l.trim().split(" ");
                double[] v = Arrays.stream(f, 3, f.length).mapToDouble(EveryBinaryOpTest::number).toArray();
                return new Case(f[0], DType.of(f[1]), f[2], v);
            }).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesNumpy(Case c) {
        NDArray a = NDArray.array(new long[] {0, 1, 100, 127}, c.t());
        Function<NDArray, NDArray> op = op(c.op());
        if (c.result().equals("error")) {
            assertThatThrownBy(() -> op.apply(a)).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        NDArray r = op.apply(a);
        boolean half = c.result().equals("float16");
        DType want = half ? DType.FLOAT32 : c.result().equals("uint64") ? DType.INT64 : DType.of(c.result());
        assertThat(r.dtype()).isEqualTo(want);
        assertThat(r.size()).isEqualTo(c.values().length);
        for (int i = 0; i < c.values().length; i++) {
            double expected = c.values()[i], got = r.dtype().isFloat() ? r.flatDouble(i) : r.flatLong(i);
            if (Double.isNaN(expected)) assertThat(got).as("element %d", i).isNaN();
            else if (!Double.isFinite(expected)) assertThat(got).as("element %d", i).isEqualTo(expected);
            else if (half) assertThat(got).as("element %d", i).isCloseTo(expected, within(Math.abs(expected) * 1e-3 + 1e-3));
            else if (r.dtype().isFloat()) assertThat(got).as("element %d", i).isCloseTo(expected, within(Math.abs(expected) * 1e-6));
            else assertThat(got).as("element %d", i).isEqualTo(expected);
        }
    }

    static Function<NDArray, NDArray> op(String name) {
        return switch (name) {
            case "unm" -> Numsky::unm;
            case "bnot" -> Numsky::bnot;
            case "abs" -> Numsky::abs;
            case "ceil" -> Numsky::ceil;
            case "floor" -> Numsky::floor;
            case "acos" -> Numsky::acos;
            case "asin" -> Numsky::asin;
            case "atan" -> Numsky::atan;
            case "cos" -> Numsky::cos;
            case "sin" -> Numsky::sin;
            case "tan" -> Numsky::tan;
            case "deg" -> Numsky::deg;
            case "rad" -> Numsky::rad;
            case "log" -> Numsky::log;
            case "exp" -> Numsky::exp;
            case "sqrt" -> Numsky::sqrt;
            case "sum" -> Numsky::sum;
            case "prod" -> Numsky::prod;
            case "any" -> Numsky::any;
            case "all" -> Numsky::all;
            case "max" -> Numsky::max;
            case "min" -> Numsky::min;
            case "argmax" -> Numsky::argmax;
            case "argmin" -> Numsky::argmin;
            case "mean" -> Numsky::mean;
            case "std" -> Numsky::std;
            case "var" -> Numsky::var;
            default -> throw new IllegalArgumentException(name);
        };
    }
}
