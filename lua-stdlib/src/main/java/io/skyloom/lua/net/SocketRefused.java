package io.skyloom.lua.net;

/** A socket operation a service may not do (another service's socket, a bad argument): its message says why. */
public final class SocketRefused extends RuntimeException {
    public SocketRefused(String message) {
        super(message, null, false, false);
    }
}
