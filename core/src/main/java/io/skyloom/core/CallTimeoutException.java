package io.skyloom.core;

/** No answer came within the caller's deadline; a late answer is dropped. */
public class CallTimeoutException extends SkyloomException {
    public CallTimeoutException(String message) {
        super(message);
    }
}
