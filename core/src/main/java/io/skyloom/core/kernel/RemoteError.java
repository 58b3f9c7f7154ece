package io.skyloom.core.kernel;

import io.skyloom.core.*;

/**
 * The payload of an error reply: what the callee raised, its traceback, and whether
 * the callee is gone (then the caller sees {@link ServiceDeadException}).
 */
public record RemoteError(String message, String traceback, boolean serviceDead) {

    public RemoteError {
        message = message == null ? "" : message;
        traceback = traceback == null ? "" : traceback;
    }

    public static RemoteError of(Throwable t) {
        if (t instanceof ScriptException se) return new RemoteError(se.getMessage(), se.traceback(), false);
        if (t instanceof CallFailedException cf) return new RemoteError(cf.remoteMessage(), cf.remoteTraceback(), false);
        var out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        String msg = t.getMessage() != null ? t.getMessage() : t.getClass().getName();
        return new RemoteError(msg, out.toString(), false);
    }

    public static RemoteError dead(String message) {
        return new RemoteError(message, "", true);
    }

    /** The exception a caller of {@code address} throws for this error. */
    public SkyloomException toException(String address) {
        return serviceDead ? new ServiceDeadException(address, message) : new CallFailedException(address, message, traceback);
    }
}
