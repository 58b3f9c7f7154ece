package io.skyloom.core;

/**
 * The waiting thread was interrupted (for example by a {@code Deadline} or by the node
 * closing). The thread's interrupt flag is set again when this is thrown.
 */
public class CallInterruptedException extends SkyloomException {
    public CallInterruptedException(String message) {
        super(message);
    }
}
