package io.skyloom.lua.stdlib;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.OneArgFunction;

/**
 * Puts Skyloom's versions of the string and table functions into a service's
 * {@code string} and {@code table} tables (and into the string library every service
 * shares through the string metatable): C Lua 5.2.4's {@code string.format}, its pattern
 * matching, its limits and messages, and a stop check in every long loop. LuaJ's own
 * remain for the functions that already behave as C Lua's (string.len, reverse, dump).
 */
public final class Stdlib {

    // Stateless functions, one per JVM: every service's tables point at these (each made per
    // service, the library cost about 1.7 kB of every service's heap, measured in spawn).
    private static final LuaValue FORMAT = new StringFormat(), SUB = StringFunctions.sub(),
            BYTE = StringFunctions.byteFunction(), CHAR = StringFunctions.charFunction(),
            UPPER = StringFunctions.caseMapping(true), LOWER = StringFunctions.caseMapping(false),
            INSERT = TableFunctions.insert(), REMOVE = TableFunctions.remove(), UNPACK = TableFunctions.unpack(),
            MAXN = TableFunctions.maxn(), TONUMBER = new ToNumber();

    private Stdlib() {}

    /** Replaces the functions of {@code string}; {@code stop} is the flag of the service that owns it. */
    public static void installString(LuaTable string, StopFlag stop) {
        string.set("format", FORMAT);
        string.set("find", PatternFunctions.find(stop));
        string.set("match", PatternFunctions.match(stop));
        string.set("gmatch", PatternFunctions.gmatch(stop));
        string.set("gsub", PatternFunctions.gsub(stop));
        string.set("rep", StringFunctions.rep(stop));
        string.set("sub", SUB);
        string.set("byte", BYTE);
        string.set("char", CHAR);
        string.set("upper", UPPER);
        string.set("lower", LOWER);
    }

    /** Replaces the functions of {@code table}; {@code stop} is the flag of the service that owns it. */
    public static void installTable(LuaTable table, StopFlag stop) {
        table.set("concat", TableFunctions.concat(stop));
        table.set("insert", INSERT);
        table.set("remove", REMOVE);
        table.set("unpack", UNPACK);
        table.set("sort", TableFunctions.sort(stop));
        table.set("maxn", MAXN);
    }

    /** Replaces the functions of {@code math} (a random generator of its own for each call). */
    public static void installMath(LuaTable math) {
        MathFunctions.install(math);
    }

    /**
     * Replaces the base functions this package has its own of: tonumber, tostring (numbers
     * as C Lua's "%.14g"; print goes through it), and 5.2's compatibility unpack.
     */
    public static void installBase(LuaTable globals) {
        globals.set("tonumber", TONUMBER);
        LuaValue luajToString = globals.get("tostring");
        globals.set("tostring", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue v) {
                if (v.type() == TNUMBER && v.getmetatable() == null) return valueOf(NumberText.of(v.todouble()));
                return luajToString.call(v);
            }
        });
        globals.set("unpack", globals.get("table").get("unpack"));
    }
}
