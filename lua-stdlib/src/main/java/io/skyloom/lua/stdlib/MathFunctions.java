package io.skyloom.lua.stdlib;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The math library as C Lua 5.2.4 has it (with its 5.1 compatibility functions
 * {@code log10}, {@code pow}, {@code ldexp}, {@code frexp}, {@code cosh} and friends):
 * its messages ("bad argument #1 to 'floor' (number expected, got no value)"), C's
 * results where LuaJ's differ (log with a base, ldexp into subnormals, modf of an
 * infinity, min and max with NaN, pow's special cases). {@code random} draws from a
 * {@link Random} of its own per service, so one service's seed does not steer another's.
 */
final class MathFunctions {

    private static final double RADIANS_PER_DEGREE = Math.PI / 180.0;

    /**
     * The functions without state, made once per JVM: every service's math table points
     * at the same function objects and key strings (both immutable). Made per service,
     * they cost about 1.7 kB of every service (measured: spawn's heap per service).
     */
    private static final LuaTable SHARED = shared();

    private MathFunctions() {}

    static void install(LuaTable math) {
        LuaValue k = LuaValue.NIL;
        for (;;) {
            Varargs e = SHARED.next(k);
            if ((k = e.arg1()).isnil()) break;
            math.rawset(k, e.arg(2));
        }
        installRandom(math);
    }

    private static LuaTable shared() {
        LuaTable math = new LuaTable();
        math.set("pi", Math.PI);
        math.set("huge", Double.POSITIVE_INFINITY);
        unary(math, "abs", Math::abs);
        unary(math, "ceil", Math::ceil);
        unary(math, "floor", Math::floor);
        unary(math, "sqrt", Math::sqrt);
        unary(math, "exp", Math::exp);
        unary(math, "sin", Math::sin);
        unary(math, "cos", Math::cos);
        unary(math, "tan", Math::tan);
        unary(math, "asin", Math::asin);
        unary(math, "acos", Math::acos);
        unary(math, "atan", Math::atan);
        unary(math, "sinh", Math::sinh);
        unary(math, "cosh", Math::cosh);
        unary(math, "tanh", Math::tanh);
        unary(math, "log10", Math::log10);
        unary(math, "deg", x -> x / RADIANS_PER_DEGREE);
        unary(math, "rad", x -> x * RADIANS_PER_DEGREE);
        binary(math, "atan2", Math::atan2);
        binary(math, "fmod", (a, b) -> a % b);   // Java's % on doubles is C's fmod
        binary(math, "pow", MathFunctions::pow);
        math.set("log", function("log", (args, name) -> {
            double x = Args.number(args, 1, name);
            if (args.arg(2).isnil()) return LuaValue.valueOf(Math.log(x));
            double base = Args.number(args, 2, name);
            return LuaValue.valueOf(base == 10.0 ? Math.log10(x) : Math.log(x) / Math.log(base));
        }));
        math.set("modf", function("modf", (args, name) -> {
            double x = Args.number(args, 1, name);
            double ip = x >= 0 ? Math.floor(x) : Math.ceil(x);
            double fp = Double.isInfinite(x) ? Math.copySign(0.0, x) : x - ip;
            return LuaValue.varargsOf(LuaValue.valueOf(ip), LuaValue.valueOf(fp));
        }));
        math.set("ldexp", function("ldexp", (args, name) ->
                LuaValue.valueOf(Math.scalb(Args.number(args, 1, name), Args.cint(args, 2, name)))));
        math.set("frexp", function("frexp", (args, name) -> frexp(Args.number(args, 1, name))));
        math.set("min", function("min", (args, name) -> {
            double m = Args.number(args, 1, name);
            for (int i = 2; i <= args.narg(); i++) {
                double d = Args.number(args, i, name);
                if (d < m) m = d;
            }
            return LuaValue.valueOf(m);
        }));
        math.set("max", function("max", (args, name) -> {
            double m = Args.number(args, 1, name);
            for (int i = 2; i <= args.narg(); i++) {
                double d = Args.number(args, i, name);
                if (d > m) m = d;
            }
            return LuaValue.valueOf(m);
        }));
        return math;
    }

    /** random and randomseed: a generator of the service's own, so one seed steers one service. */
    private static void installRandom(LuaTable math) {
        Random random = new Random();
        math.set("random", function("random", (args, name) -> {
            double r = random.nextDouble();
            switch (args.narg()) {
                case 0:
                    return LuaValue.valueOf(r);
                case 1: {
                    double u = Args.number(args, 1, name);
                    if (!(1.0 <= u)) throw Args.error(1, name, "interval is empty");
                    return LuaValue.valueOf(Math.floor(r * u) + 1.0);
                }
                case 2: {
                    double l = Args.number(args, 1, name);
                    double u = Args.number(args, 2, name);
                    if (!(l <= u)) throw Args.error(2, name, "interval is empty");
                    return LuaValue.valueOf(Math.floor(r * (u - l + 1)) + l);
                }
                default:
                    throw new LuaError("wrong number of arguments");
            }
        }));
        math.set("randomseed", function("randomseed", (args, name) -> {
            random.setSeed(Args.integer(args, 1, name));
            return LuaValue.NONE;
        }));
    }

    /** C99's pow where Java's Math.pow differs: 1 to any power and -1 to an infinite one are 1. */
    private static double pow(double x, double y) {
        if (x == 1.0 || y == 0.0) return 1.0;
        if (x == -1.0 && Double.isInfinite(y)) return 1.0;
        return Math.pow(x, y);
    }

    private static Varargs frexp(double x) {
        if (x == 0 || Double.isNaN(x) || Double.isInfinite(x)) return LuaValue.varargsOf(LuaValue.valueOf(x), LuaValue.valueOf(0));
        int shift = 0;
        if (Math.getExponent(x) < Double.MIN_EXPONENT) {   // subnormal: scale into the normal range first
            x *= 0x1p54;
            shift = -54;
        }
        int e = Math.getExponent(x) + 1;
        return LuaValue.varargsOf(LuaValue.valueOf(x / Math.scalb(1.0, e)), LuaValue.valueOf(e + shift));
    }

    private interface Body {
        Varargs apply(Varargs args, String name);
    }

    private static VarArgFunction function(String fname, Body body) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return body.apply(args, fname);   // not "name": LibFunction has a field of that name
            }
        };
    }

    private static void unary(LuaTable math, String name, DoubleUnaryOperator f) {
        math.set(name, function(name, (args, n) -> LuaValue.valueOf(f.applyAsDouble(Args.number(args, 1, n)))));
    }

    private static void binary(LuaTable math, String name, java.util.function.DoubleBinaryOperator f) {
        math.set(name, function(name, (args, n) ->
                LuaValue.valueOf(f.applyAsDouble(Args.number(args, 1, n), Args.number(args, 2, n)))));
    }
}
