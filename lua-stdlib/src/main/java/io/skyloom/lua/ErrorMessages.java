package io.skyloom.lua;

import java.util.regex.Pattern;

/**
 * Error messages in Lua's own form. LuaJ writes a position as "@file:12 message" and,
 * when the debug library is on, appends the traceback to the message itself; Lua code
 * (pcall), callers and logs get "file:12: message" with the traceback kept apart.
 */
final class ErrorMessages {

    private static final Pattern POSITION = Pattern.compile("^[@=]?([^\\s:][^:\\n]*:-?\\d+) (?!in )");
    private static final String TRACEBACK = "\nstack traceback:";

    private ErrorMessages() {}

    /** The message without traceback, its position written as Lua does. */
    static String standard(String message) {
        int at = message.indexOf(TRACEBACK);
        String m = at < 0 ? message : message.substring(0, at);
        return POSITION.matcher(m).replaceFirst("$1: ");
    }

    /** The traceback part of a LuaJ message, or "". */
    static String traceback(String message) {
        int at = message.indexOf(TRACEBACK);
        return at < 0 ? "" : message.substring(at + 1);
    }
}
