package io.skyloom.foreign;

/** Handles every foreign command not named elsewhere (pyskynet's {@code foreign.dispatch(func)}). */
@FunctionalInterface
public interface CatchAllHandler {
    /** Returns the results as {@link ForeignHandler#handle} does. */
    Object handle(String cmd, Object... args) throws Exception;
}
