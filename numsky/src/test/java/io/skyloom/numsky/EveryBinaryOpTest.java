package io.skyloom.numsky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every binary operation of numsky for every pair of dtypes, against numpy itself: the
 * result dtype and values numpy 2 gives for a = [0, 1, 100, 127], b = [127, 100, 1, 0]
 * (numpy_binary.txt, written by bench/python/numpy_golden.py), or numpy's refusal.
 * One deviation, by design: numsky has no float16, so where numpy computes in float16
 * (atan2 of bools and 8-bit integers) numsky computes in float32, compared to numpy's
 * float16 values within float16's precision.
 */
class EveryBinaryOpTest {

    record Case(String op, DType a, DType b, String result, double[] values) {
        @Override
        public String toString() {
            return op + "(" + a + ", " + b + ")";
        }
    }

    static Stream<Case> cases() throws IOException {
        try (InputStream in = EveryBinaryOpTest.class.getResourceAsStream("/numpy_binary.txt")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
            return lines.stream().map(l -> {
                String[] f = l.trim().split(" ");
                double[] v = Arrays.stream(f, 4, f.length).mapToDouble(EveryBinaryOpTest::number).toArray();
                return new Case(f[0], DType.of(f[1]), DType.of(f[2]), f[3], v);
            }).toList().stream();
        }
    }

    static double number(String s) {
        return switch (s) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesNumpy(Case c) {
        NDArray a = NDArray.array(new long[] {0, 1, 100, 127}, c.a());
        NDArray b = NDArray.array(new long[] {127, 100, 1, 0}, c.b());
        BiFunction<Object, Object, NDArray> op = op(c.op());
        if (c.result().equals("error")) {
            assertThatThrownBy(() -> op.apply(a, b)).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        NDArray r = op.apply(a, b);
        boolean half = c.result().equals("float16");
        assertThat(r.dtype()).isEqualTo(half ? DType.FLOAT32 : DType.of(c.result()));
        for (int i = 0; i < 4; i++) {
            double want = c.values()[i], got = r.dtype().isFloat() ? r.getDouble(i) : r.getLong(i);
            if (Double.isNaN(want)) assertThat(got).as("element %d", i).isNaN();
            else if (half && Double.isFinite(want)) assertThat(got).as("element %d", i).isCloseTo(want, within(Math.abs(want) * 1e-3 + 1e-3));
            else if (r.dtype() == DType.FLOAT32 && Double.isFinite(want)) assertThat(got).as("element %d", i).isCloseTo(want, within(Math.abs(want) * 1e-6));
            else assertThat(got).as("element %d", i).isEqualTo(want);
        }
    }

    static BiFunction<Object, Object, NDArray> op(String name) {
        return switch (name) {
            case "add" -> Numsky::add;
            case "sub" -> Numsky::sub;
            case "mul" -> Numsky::mul;
            case "div" -> Numsky::div;
            case "idiv" -> Numsky::idiv;
            case "mod" -> Numsky::mod;
            case "pow" -> Numsky::pow;
            case "band" -> Numsky::band;
            case "bor" -> Numsky::bor;
            case "bxor" -> Numsky::bxor;
            case "shl" -> Numsky::shl;
            case "shr" -> Numsky::shr;
            case "eq" -> Numsky::eq;
            case "ne" -> Numsky::ne;
            case "lt" -> Numsky::lt;
            case "le" -> Numsky::le;
            case "gt" -> Numsky::gt;
            case "ge" -> Numsky::ge;
            case "fmax" -> Numsky::fmax;
            case "fmin" -> Numsky::fmin;
            case "atan2" -> Numsky::atan2;
            default -> throw new IllegalArgumentException(name);
        };
    }
}
