package io.skyloom.lua.stdlib;

import org.luaj.vm2.LuaString;
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

    /** The keys these functions go under, made once: a Java string key is a new Lua string at every set. */
    private static final LuaString FORMAT_K = LuaString.valueOf("format"), FIND_K = LuaString.valueOf("find"),
            MATCH_K = LuaString.valueOf("match"), GMATCH_K = LuaString.valueOf("gmatch"), GSUB_K = LuaString.valueOf("gsub"),
            REP_K = LuaString.valueOf("rep"), SUB_K = LuaString.valueOf("sub"), BYTE_K = LuaString.valueOf("byte"),
            CHAR_K = LuaString.valueOf("char"), UPPER_K = LuaString.valueOf("upper"), LOWER_K = LuaString.valueOf("lower"),
            CONCAT_K = LuaString.valueOf("concat"), INSERT_K = LuaString.valueOf("insert"),
            REMOVE_K = LuaString.valueOf("remove"), UNPACK_K = LuaString.valueOf("unpack"), SORT_K = LuaString.valueOf("sort"),
            MAXN_K = LuaString.valueOf("maxn"), TONUMBER_K = LuaString.valueOf("tonumber"),
            TOSTRING_K = LuaString.valueOf("tostring"), TABLE_K = LuaString.valueOf("table");

    /** Replaces the functions of {@code string}; {@code stop} is the flag of the service that owns it. */
    public static void installString(LuaTable string, StopFlag stop) {
        string.set(FORMAT_K, FORMAT);
        string.set(FIND_K, PatternFunctions.find(stop));
        string.set(MATCH_K, PatternFunctions.match(stop));
        string.set(GMATCH_K, PatternFunctions.gmatch(stop));
        string.set(GSUB_K, PatternFunctions.gsub(stop));
        string.set(REP_K, StringFunctions.rep(stop));
        string.set(SUB_K, SUB);
        string.set(BYTE_K, BYTE);
        string.set(CHAR_K, CHAR);
        string.set(UPPER_K, UPPER);
        string.set(LOWER_K, LOWER);
    }

    /** Replaces the functions of {@code table}; {@code stop} is the flag of the service that owns it. */
    public static void installTable(LuaTable table, StopFlag stop) {
        table.set(CONCAT_K, TableFunctions.concat(stop));
        table.set(INSERT_K, INSERT);
        table.set(REMOVE_K, REMOVE);
        table.set(UNPACK_K, UNPACK);
        table.set(SORT_K, TableFunctions.sort(stop));
        table.set(MAXN_K, MAXN);
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
        globals.set(TONUMBER_K, TONUMBER);
        LuaValue luajToString = globals.get(TOSTRING_K);
        globals.set(TOSTRING_K, new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue v) {
                if (v.type() == TNUMBER && v.getmetatable() == null) return valueOf(NumberText.of(v.todouble()));
                return luajToString.call(v);
            }
        });
        globals.set(UNPACK_K, globals.get(TABLE_K).get(UNPACK_K));
    }
}
