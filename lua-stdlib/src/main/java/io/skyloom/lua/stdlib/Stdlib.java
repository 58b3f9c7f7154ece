package io.skyloom.lua.stdlib;

import org.luaj.vm2.LuaTable;

/**
 * Puts Skyloom's versions of the string and table functions into a service's
 * {@code string} and {@code table} tables (and into the string library every service
 * shares through the string metatable): C Lua 5.2.4's {@code string.format}, its pattern
 * matching, its limits and messages, and a stop check in every long loop. LuaJ's own
 * remain for the functions that already behave as C Lua's (len, reverse, dump; maxn).
 */
public final class Stdlib {

    private Stdlib() {}

    /** Replaces the functions of {@code string}; {@code stop} is the flag of the service that owns it. */
    public static void installString(LuaTable string, StopFlag stop) {
        string.set("format", new StringFormat());
        string.set("find", PatternFunctions.find(stop));
        string.set("match", PatternFunctions.match(stop));
        string.set("gmatch", PatternFunctions.gmatch(stop));
        string.set("gsub", PatternFunctions.gsub(stop));
        string.set("rep", StringFunctions.rep(stop));
        string.set("sub", StringFunctions.sub());
        string.set("byte", StringFunctions.byteFunction());
        string.set("char", StringFunctions.charFunction());
        string.set("upper", StringFunctions.caseMapping(true));
        string.set("lower", StringFunctions.caseMapping(false));
    }

    /** Replaces the functions of {@code table}; {@code stop} is the flag of the service that owns it. */
    public static void installTable(LuaTable table, StopFlag stop) {
        table.set("concat", TableFunctions.concat(stop));
        table.set("insert", TableFunctions.insert());
        table.set("remove", TableFunctions.remove());
        table.set("unpack", TableFunctions.unpack());
        table.set("sort", TableFunctions.sort(stop));
    }
}
