package io.skyloom.lua.codec;

import java.math.BigDecimal;

/**
 * Numbers written as lua-rapidjson writes them: a whole number that fits an int64 as an
 * integer, any other finite number in RapidJSON's shortest form ("0.1", "1e308",
 * "1.5e-7", "100000000000000000000.0"). The shortest digits come from the JDK's
 * {@code Double.toString} (shortest round-tripping since JDK 19), the layout is
 * RapidJSON's. Stateless.
 */
final class JsonNumbers {

    private static final double TWO_63 = 9.223372036854775808e18;

    private JsonNumbers() {}

    /** True when {@code d} is written as an integer. */
    static boolean isInteger(double d) {
        return d == Math.rint(d) && d >= -TWO_63 && d < TWO_63;
    }

    /** A finite, non-integer (or out of int64 range) double in RapidJSON's layout. */
    static String format(double d) {
        BigDecimal b = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = b.unscaledValue().toString();
        int k = -b.scale();                   // value = digits * 10^k
        int n = digits.length();
        int kk = n + k;                       // position of the decimal point
        StringBuilder sb = new StringBuilder(32);
        if (d < 0) sb.append('-');
        if (k >= 0 && kk <= 21) {
            sb.append(digits).append("0".repeat(k)).append(".0");
        } else if (kk > 0 && kk <= 21) {
            sb.append(digits, 0, kk).append('.').append(digits, kk, n);
        } else if (kk > -6 && kk <= 0) {
            sb.append("0.").append("0".repeat(-kk)).append(digits);
        } else {
            sb.append(digits.charAt(0));
            if (n > 1) sb.append('.').append(digits, 1, n);
            sb.append('e').append(kk - 1);
        }
        return sb.toString();
    }
}
