package io.skyloom.lua;

import java.util.regex.Pattern;
import org.luaj.vm2.LuaError;

/**
 * Error messages in Lua's own form. LuaJ writes a position as "@file:12 message" and,
 * when the debug library is on, appends the traceback to the message itself; Lua code
 * (pcall), callers and logs get "file:12: message" with the traceback kept apart. Code
 * compiled by LuaJC keeps no Lua frames, but its classes carry Lua line numbers: the
 * position and traceback then come from the Java stack.
 */
final class ErrorMessages {

    /** Prefix of the classes CodeCache generates with LuaJC. */
    static final String LUAJC_PREFIX = "skyloom_luajc_";

    private static final Pattern POSITION = Pattern.compile("^[@=]?([^\\s:][^:\\n]*:-?\\d+) (?!in )");
    private static final Pattern HAS_POSITION = Pattern.compile("^[@=]?[^\\s:][^:\\n]*:-?\\d+[: ]");
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

    /** The message of {@code e} with a position, from compiled frames when LuaJ gave none. */
    static String message(LuaError e) {
        String m = standard(String.valueOf(e.getMessage()));
        if (HAS_POSITION.matcher(m).find()) return m;
        StackTraceElement first = firstCompiledFrame(e);
        return first == null ? m : first.getFileName() + ":" + first.getLineNumber() + ": " + m;
    }

    /** The traceback of {@code e}: LuaJ's when the debug library made one, else from compiled frames. */
    static String traceback(LuaError e) {
        String t = traceback(String.valueOf(e.getMessage()));
        if (!t.isEmpty()) return t;
        String frames = compiledFrames(e.getStackTrace(), 0);
        return frames.isEmpty() ? "" : "stack traceback:" + frames;
    }

    /**
     * The Lua frames among {@code stack}, innermost first, as traceback lines
     * ("\n\tfile:12: in function"), leaving out the first {@code skip} of them: compiled
     * classes carry their Lua file and lines.
     */
    static String compiledFrames(StackTraceElement[] stack, int skip) {
        StringBuilder sb = new StringBuilder();
        int seen = 0;
        for (StackTraceElement el : stack) {
            if (!el.getClassName().startsWith(LUAJC_PREFIX) || el.getLineNumber() < 0) continue;
            if (seen++ < skip) continue;
            String fn;
            if (el.getClassName().indexOf('$') < 0) fn = "main chunk";
            else {
                String label = CodeCache.functionLabel(el.getClassName());
                fn = label != null ? label : "function";
            }
            sb.append("\n\t").append(el.getFileName()).append(':').append(el.getLineNumber()).append(": in ").append(fn);
        }
        return sb.toString();
    }

    private static StackTraceElement firstCompiledFrame(Throwable e) {
        for (StackTraceElement el : e.getStackTrace())
            if (el.getClassName().startsWith(LUAJC_PREFIX) && el.getLineNumber() >= 0) return el;
        return null;
    }
}
