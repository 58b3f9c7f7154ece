package io.skyloom.core;

/** The root of Skyloom's exceptions. Unchecked: a failed call is an ordinary outcome. */
public class SkyloomException extends RuntimeException {
    public SkyloomException(String message) {
        super(message);
    }

    public SkyloomException(String message, Throwable cause) {
        super(message, cause);
    }
}
