package io.skyloom.core;

/**
 * The callee's handler failed. Carries the callee's error message and traceback; the
 * callee itself goes on serving.
 */
public class CallFailedException extends SkyloomException {
    private final String remoteMessage;
    private final String remoteTraceback;

    public CallFailedException(String address, RemoteError error) {
        super("call to " + address + " failed: " + error.message()
                + (error.traceback().isEmpty() ? "" : "\n" + error.traceback()));
        this.remoteMessage = error.message();
        this.remoteTraceback = error.traceback();
    }

    /** The error message as the callee raised it. */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** The callee's stack trace or Lua traceback, possibly empty. */
    public String remoteTraceback() {
        return remoteTraceback;
    }
}
