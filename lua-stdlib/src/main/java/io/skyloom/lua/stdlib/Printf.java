package io.skyloom.lua.stdlib;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * C's printf conversions of one number, as glibc writes them: decimal conversions from
 * the number's exact binary value rounded half-even (what glibc does in the default
 * rounding mode), {@code %a} in glibc's form (leading digit 1, or 0 for subnormals,
 * carries kept in the leading digit), {@code inf}/{@code nan} with their sign. Pure
 * functions; java.util.Formatter differs from C in %g, '#', %a, -0 and nan.
 */
final class Printf {

    private Printf() {}

    /** A parsed conversion: flags, width, precision (-1 when absent) and the conversion letter. */
    record Spec(boolean left, boolean plus, boolean space, boolean alt, boolean zero, int width, int precision,
                char conv) {}

    /** The text of a floating conversion (e E f F g G a A) of {@code d}, padded per {@code spec}. */
    static String floating(Spec spec, double d) {
        boolean negative = (Double.doubleToRawLongBits(d) < 0);
        String sign = negative ? "-" : spec.plus() ? "+" : spec.space() ? " " : "";
        char c = spec.conv();
        boolean upper = Character.isUpperCase(c);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            String body = Double.isNaN(d) ? "nan" : "inf";
            return pad(spec, sign, "", upper ? body.toUpperCase() : body, false);
        }
        double abs = Math.abs(d);
        if (c == 'a' || c == 'A') {
            String body = hex(abs, spec.precision(), spec.alt());
            if (upper) body = body.toUpperCase();
            return pad(spec, sign, body.substring(0, 2), body.substring(2), spec.zero());
        }
        String body = formatDouble(abs, Character.toLowerCase(c), spec.precision(), spec.alt(), upper);
        return pad(spec, sign, "", body, spec.zero());
    }

    /** The body of %e, %f or %g of a finite non-negative {@code abs} (or any double, for %g). */
    static String formatDouble(double d, char conv, int precision, boolean alt, boolean upper) {
        if (Double.isNaN(d)) return Double.doubleToRawLongBits(d) < 0 ? "-nan" : "nan";
        if (Double.isInfinite(d)) return d < 0 ? "-inf" : "inf";
        if (d < 0 || (d == 0 && 1 / d < 0)) return "-" + formatDouble(-d, conv, precision, alt, upper);
        BigDecimal v = new BigDecimal(d);
        String s = switch (conv) {
            case 'f' -> fixed(v, precision < 0 ? 6 : precision, alt);
            case 'e' -> exponential(v, precision < 0 ? 6 : precision, alt);
            default -> general(v, precision < 0 ? 6 : precision == 0 ? 1 : precision, alt);
        };
        return upper ? s.toUpperCase() : s;
    }

    private static String fixed(BigDecimal v, int precision, boolean alt) {
        String s = v.setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        return precision == 0 && alt ? s + "." : s;
    }

    private static String exponential(BigDecimal v, int precision, boolean alt) {
        int[] exp = new int[1];
        String digits = significant(v, precision + 1, exp);
        StringBuilder sb = new StringBuilder().append(digits.charAt(0));
        if (precision > 0 || alt) sb.append('.');
        sb.append(digits, 1, digits.length());
        return sb.append(exponent('e', exp[0], 2)).toString();
    }

    private static String general(BigDecimal v, int p, boolean alt) {
        int[] exp = new int[1];
        significant(v, p, exp);
        int x = exp[0];
        String s = (x < p && x >= -4) ? fixed(v, p - 1 - x, alt) : exponential(v, p - 1, alt);
        if (alt) return s;
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.indexOf('.') >= 0) {
            int end = mantissa.length();
            while (mantissa.charAt(end - 1) == '0') end--;
            if (mantissa.charAt(end - 1) == '.') end--;
            mantissa = mantissa.substring(0, end);
        }
        return e < 0 ? mantissa : mantissa + s.substring(e);
    }

    /** {@code n} significant digits of {@code v} rounded half-even; its decimal exponent in {@code exp[0]}. */
    private static String significant(BigDecimal v, int n, int[] exp) {
        if (v.signum() == 0) {
            exp[0] = 0;
            return "0".repeat(n);
        }
        BigDecimal r = v.round(new MathContext(n, RoundingMode.HALF_EVEN));
        String u = r.unscaledValue().toString();
        exp[0] = u.length() - 1 - r.scale();
        if (u.length() < n) u = u + "0".repeat(n - u.length());
        else if (u.length() > n) u = u.substring(0, n);   // trailing zeros of an exact value
        return u;
    }

    private static String exponent(char e, int x, int minDigits) {
        String digits = Integer.toString(Math.abs(x));
        if (digits.length() < minDigits) digits = "0".repeat(minDigits - digits.length()) + digits;
        return e + (x < 0 ? "-" : "+") + digits;
    }

    /** glibc's %a of a finite non-negative number: "0x1.8p+1". */
    private static String hex(double abs, int precision, boolean alt) {
        long bits = Double.doubleToRawLongBits(abs);
        int biased = (int) (bits >>> 52);
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        long lead;
        int exp;
        if (biased == 0) {
            lead = 0;
            exp = fraction == 0 ? 0 : -1022;
        } else {
            lead = 1;
            exp = biased - 1023;
        }
        String frac;
        if (precision < 0) {
            frac = fraction == 0 ? "" : String.format("%013x", fraction).replaceAll("0+$", "");
        } else if (precision >= 13) {
            frac = String.format("%013x", fraction) + "0".repeat(precision - 13);
        } else {
            int drop = (13 - precision) * 4;
            long kept = fraction >>> drop;
            long rest = fraction & ((1L << drop) - 1);
            long half = 1L << (drop - 1);
            long lastDigit = precision == 0 ? lead : kept;   // half-even looks at the last digit kept
            if (rest > half || (rest == half && (lastDigit & 1) == 1)) kept++;
            if (precision == 0 ? kept > 0 : (kept >>> (precision * 4)) != 0) {   // the carry reaches the leading digit
                lead++;
                kept &= precision == 0 ? 0 : (1L << (precision * 4)) - 1;
            }
            frac = precision == 0 ? "" : String.format("%0" + precision + "x", kept);
        }
        String point = frac.isEmpty() && !alt ? "" : ".";
        return "0x" + lead + point + frac + exponent('p', exp, 1);
    }

    /** The integer conversions d i u o x X of {@code n} (already checked to be in range). */
    static String integer(Spec spec, long n) {
        char c = spec.conv();
        boolean signed = c == 'd' || c == 'i';
        String sign = "";
        String digits;
        if (signed) {
            if (n < 0) sign = "-";
            else if (spec.plus()) sign = "+";
            else if (spec.space()) sign = " ";
            digits = n < 0 ? Long.toUnsignedString(-n) : Long.toString(n);
        } else {
            digits = switch (c) {
                case 'o' -> Long.toOctalString(n);
                case 'x' -> Long.toHexString(n);
                case 'X' -> Long.toHexString(n).toUpperCase();
                default -> Long.toUnsignedString(n);
            };
        }
        String prefix = "";
        if (spec.precision() >= 0) {
            if (n == 0 && spec.precision() == 0) digits = "";
            if (digits.length() < spec.precision()) digits = "0".repeat(spec.precision() - digits.length()) + digits;
        }
        if (spec.alt()) {
            if (c == 'o' && !digits.startsWith("0")) digits = "0" + digits;
            if ((c == 'x' || c == 'X') && n != 0) prefix = c == 'x' ? "0x" : "0X";
        }
        return pad(spec, sign + prefix, "", digits, spec.zero() && spec.precision() < 0);
    }

    /** sign and prefix, then zeros (when zero-padding), then the body; spaces to the width. */
    static String pad(Spec spec, String sign, String prefix, String body, boolean zeroPad) {
        int len = sign.length() + prefix.length() + body.length();
        if (len >= spec.width()) return sign + prefix + body;
        int fill = spec.width() - len;
        if (spec.left()) return sign + prefix + body + " ".repeat(fill);
        if (zeroPad) return sign + prefix + "0".repeat(fill) + body;
        return " ".repeat(fill) + sign + prefix + body;
    }
}
