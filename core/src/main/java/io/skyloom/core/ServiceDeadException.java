package io.skyloom.core;

/**
 * The destination does not exist, has exited, or exited before it answered. Thrown at
 * once: a call to a dead service never waits.
 */
public class ServiceDeadException extends SkyloomException {
    private final String address;

    public ServiceDeadException(String address, String message) {
        super(message);
        this.address = address;
    }

    /** The address as the caller gave it ({@code :0000000a} or a name). */
    public String address() {
        return address;
    }
}
