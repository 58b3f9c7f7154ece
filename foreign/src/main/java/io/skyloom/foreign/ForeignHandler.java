package io.skyloom.foreign;

/**
 * Handles one foreign command. The arguments arrive as the caller passed them (Lua
 * values converted as DESIGN.md says). Return the results: an {@code Object[]} is the
 * list of results, {@code null} is none, anything else is one result.
 */
@FunctionalInterface
public interface ForeignHandler {
    Object handle(Object... args) throws Exception;
}
