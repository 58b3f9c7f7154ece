package io.skyloom.lua;

import io.skyloom.core.ScriptException;
import org.luaj.vm2.LuaError;

/** A Lua error from a service's code, split into its message and its traceback. */
final class LuaServiceError extends ScriptException {

    private LuaServiceError(String message, String traceback) {
        super(message, traceback);
    }

    static LuaServiceError of(LuaError e) {
        String all = String.valueOf(e.getMessage());
        int at = all.indexOf("\nstack traceback:");
        if (at < 0) return new LuaServiceError(standard(all), "");
        return new LuaServiceError(standard(all.substring(0, at)), all.substring(at + 1));
    }

    /**
     * LuaJ writes a position as "@file:12 message"; Lua (and skynet's logs) write
     * "file:12: message". Callers and logs get Lua's form.
     */
    static String standard(String message) {
        return POSITION.matcher(message).replaceFirst("$1: ");
    }

    private static final java.util.regex.Pattern POSITION = java.util.regex.Pattern.compile("^@?([^\\s:][^:]*:-?\\d+) ");
}
