package io.skyloom.core;

/** The root of Skyloom's exceptions. Unchecked: a failed call is an ordinary outcome. */
public class SkyloomException extends RuntimeException {
    public SkyloomException(String message) {
        super(message);
    }

    public SkyloomException(String message, Throwable cause) {
        super(message, cause);
    }

    /** For errors whose Java stack says nothing (a script's error carries its own traceback). */
    protected SkyloomException(String message, boolean javaStack) {
        super(message, null, false, javaStack);
    }
}
