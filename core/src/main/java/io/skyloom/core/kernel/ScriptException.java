package io.skyloom.core.kernel;

import io.skyloom.core.*;

/**
 * An error raised by script code (a Lua error): the script's own message (with file and
 * line) and its traceback, kept apart so a caller sees the message and the log both.
 */
public class ScriptException extends SkyloomException {
    private final String traceback;

    public ScriptException(String message, String traceback) {
        super(message, false);
        this.traceback = traceback == null ? "" : traceback;
    }

    public String traceback() {
        return traceback;
    }

    @Override
    public String toString() {
        return getMessage() + (traceback.isEmpty() ? "" : "\n" + traceback);
    }
}
