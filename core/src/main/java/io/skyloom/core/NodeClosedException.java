package io.skyloom.core;

/** The node is closed or closing: nothing new starts and no call is sent. */
public class NodeClosedException extends SkyloomException {
    public NodeClosedException(String message) {
        super(message);
    }
}
