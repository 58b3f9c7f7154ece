package io.skyloom.lua;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.core.NodeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The string, table and math libraries of a service's sandboxed Globals against C Lua
 * 5.2. {@code conformance/expected.tsv} holds each expression of {@code cases.txt} with
 * what C Lua 5.2.4 returned or raised for it; it was generated once by running
 * {@code lua5.2 generate.lua > expected.tsv} in that folder (Debian's lua5.2 package,
 * x86-64) and is committed as data. Each case is evaluated here, as there, as
 * {@code return table.pack(<expr>)} under the sandbox's own {@code load} and {@code pcall}. Cases where Skyloom still
 * differs from C Lua on purpose, or because LuaJ's VM does, are listed in {@link #KNOWN}
 * with the reason; they are checked to still differ, so a fix shows up as a failure
 * that asks to remove them from the list.
 */
class StdlibConformanceTest {

    /** Expression -> why Skyloom's result differs from C Lua 5.2's. */
    static final Map<String, String> KNOWN = new LinkedHashMap<>();

    private static final String NO_NEGATIVE_ZERO = "LuaJ has no negative zero: a whole number is an integer in LuaJ, "
            + "so -0.0, and results C Lua keeps as -0, are the number 0";

    static {
        known("LuaJ's 0/0 is a NaN with the sign bit clear where x86's is negative: C prints -nan, "
                + "Skyloom prints the sign it is given", "string.format(\"%f\", 0/0)", "string.format(\"%g\", -(0/0))");
        known(NO_NEGATIVE_ZERO, "math.floor(-0.0)", "math.ceil(-0.5)", "tostring(-0.0)",
                "table.concat({0.1, 1/3, 2^53, -0.0}, \" \")");
        known("the length of a table built as {1, nil, 3} is 1 in LuaJ and 3 in C Lua: both are borders, "
                + "Lua leaves the choice open", "select(\"#\", table.unpack({1, nil, 3}))");
        known("`..` is the VM's: LuaJ writes a non-integral number through Java's float (0.33333334), where "
                + "tostring, print, string.format, table.concat, string.rep and gsub write C Lua's %.14g", "1/3 .. \"\"");
    }

    private static void known(String reason, String... exprs) {
        for (String e : exprs) KNOWN.put(e, reason);
    }

    /** The known difference of {@code expr}, or null: the listed ones, and every format of the literal -0.0. */
    static String knownDifference(String expr) {
        String reason = KNOWN.get(expr);
        // "%.0s" prints nothing of either zero, so that one agrees.
        if (reason == null && expr.startsWith("string.format(") && expr.endsWith(", -0.0)")
                && !expr.startsWith("string.format(\"%.0s\"")) reason = NO_NEGATIVE_ZERO;
        return reason;
    }

    record Case(String expr, List<String> expected) {}

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = StdlibConformanceTest.class.getResourceAsStream("/conformance/expected.tsv")) {
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            for (String line : text.split("\n")) {
                if (line.isEmpty()) continue;
                String[] f = line.split("\t", -1);
                cases.add(new Case(f[0], List.of(f).subList(1, f.length)));
            }
        }
        return cases;
    }

    private final Globals g = Sandbox.create(new ScriptFinder(NodeConfig.builder().build(), List.of()), List.of(),
            new StoppableDebugLib());
    private final LuaValue runner = g.load("""
            local expr = ...
            local f, e = load("return table.pack(" .. expr .. "\\n)", "=case")
            if not f then return "SYNTAX", e end
            local ok, r = pcall(f)
            if not ok then return false, r end
            return true, table.unpack(r, 1, r.n)
            """, "=runner");

    List<String> evaluate(String expr) {
        Varargs r = runner.invoke(LuaValue.valueOf(expr));
        List<String> out = new ArrayList<>();
        if (r.arg1().isstring()) {
            out.add("SYNTAX");
            out.add(encode(r.arg(2)));
        } else if (r.arg1().toboolean()) {
            out.add("OK");
            for (int i = 2; i <= r.narg(); i++) out.add(encode(r.arg(i)));
        } else {
            out.add("ERR");
            out.add(encode(r.arg(2)));
        }
        return out;
    }

    /** As generate.lua encodes a value; numbers in Java's exact form, compared by value. */
    static String encode(LuaValue v) {
        return switch (v.type()) {
            case LuaValue.TNIL -> "nil";
            case LuaValue.TBOOLEAN -> v.toboolean() ? "true" : "false";
            case LuaValue.TNUMBER -> "n:" + v.todouble();
            case LuaValue.TSTRING -> "s:" + escape((LuaString) v);
            default -> v.typename();
        };
    }

    private static String escape(LuaString s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.m_length; i++) {
            int b = s.luaByte(i);
            if (b < 32 || b > 126 || b == '\\') sb.append(String.format("\\%03d", b));
            else sb.append((char) b);
        }
        return sb.toString();
    }

    static boolean same(List<String> expected, List<String> actual) {
        if (expected.size() != actual.size()) return false;
        for (int i = 0; i < expected.size(); i++) {
            String e = expected.get(i);
            String a = actual.get(i);
            if (e.startsWith("n:") && a.startsWith("n:")) {
                double de = cNumber(e.substring(2));
                double da = Double.parseDouble(a.substring(2));
                if (Double.isNaN(de) ? !Double.isNaN(da) : Double.compare(de, da) != 0) return false;
            } else if (!e.equals(a)) {
                return false;
            }
        }
        return true;
    }

    private static double cNumber(String s) {
        return switch (s) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan", "-nan" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    @TestFactory
    Stream<DynamicTest> eachCaseGivesWhatCLua52Gives() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.expr(), () -> {
            List<String> actual = evaluate(c.expr());
            String reason = knownDifference(c.expr());
            if (reason == null) {
                assertThat(same(c.expected(), actual)).as("%s%n  C Lua 5.2: %s%n  Skyloom:   %s", c.expr(), c.expected(), actual)
                        .isTrue();
            } else {
                assertThat(same(c.expected(), actual)).as("%s now gives what C Lua gives: remove it from KNOWN", c.expr())
                        .isFalse();
            }
        }));
    }

    @Test
    void theTableCoversTheLibrariesAndEveryKnownDifferenceIsInIt() throws IOException {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
        List<String> exprs = cases.stream().map(Case::expr).toList();
        assertThat(exprs).containsAll(KNOWN.keySet());
        for (String conv : new String[] {"d", "i", "u", "c", "x", "X", "o", "e", "E", "f", "g", "G", "q", "s", "a", "A", "%"})
            assertThat(exprs).as("a case for %%%s", conv).anyMatch(e -> e.contains("\"%" + conv) || e.matches(".*\"%[-+ #0-9.]+" + conv + ".*"));
    }
}
