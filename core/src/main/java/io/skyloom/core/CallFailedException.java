package io.skyloom.core;

/**
 * The callee's handler failed. Carries the callee's error message and traceback; the
 * callee itself goes on serving.
 */
public class CallFailedException extends SkyloomException {
    private final String remoteMessage;
    private final String remoteTraceback;

    public CallFailedException(String address, String remoteMessage, String remoteTraceback) {
        super("call to " + address + " failed: " + remoteMessage
                + (remoteTraceback.isEmpty() ? "" : "\n" + remoteTraceback));
        this.remoteMessage = remoteMessage;
        this.remoteTraceback = remoteTraceback;
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
