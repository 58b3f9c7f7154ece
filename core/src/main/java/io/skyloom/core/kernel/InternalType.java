package io.skyloom.core.kernel;

import io.skyloom.core.*;

/**
 * Envelope types the kernel uses among its own parts and never lets a service send:
 * every one is negative, so the API boundary refuses them with one check
 * ({@link #isInternal}). The wake-ups end a wait of a task or a caller: they carry the
 * {@link Pending} they are for, so a stale one (a timer that fired after its call was
 * answered and the session was used again) finds a different Pending and is dropped.
 */
final class InternalType {

    static final int FORK = -2;         // a new task of the service: payload is the Runnable
    static final int START = -3;        // skynet.start: the first message of every service
    static final int TIMEOUT = -4;      // a sleep ended, or a call's deadline passed
    static final int WOKEN = -5;        // skynet.wakeup ended a sleep or a wait
    static final int INTERRUPTED = -6;  // the waiting thread was interrupted
    static final int DONE = -7;         // a future the task joined has completed

    private InternalType() {}

    static boolean isInternal(int type) {
        return type < 0;
    }

    static boolean isWake(int type) {
        return type <= TIMEOUT && type >= DONE;
    }

    static String name(int type) {
        return switch (type) {
            case FORK -> "fork";
            case START -> "start";
            case TIMEOUT -> "timeout";
            case WOKEN -> "wakeup";
            case INTERRUPTED -> "interrupt";
            case DONE -> "done";
            default -> null;
        };
    }
}
