package io.skyloom.core.kernel;

import io.skyloom.core.*;

import java.util.List;

/**
 * Makes services from script files: the Lua host implements it and is found with
 * {@link java.util.ServiceLoader}. Without one on the class path, starting a script
 * service fails with a clear error.
 */
public interface ScriptHost {

    /**
     * Creates (but does not start) the service for the script {@code name}, searched on
     * the node's service path, with {@code args} for its start.
     *
     * @throws SkyloomException naming the file and the paths searched when there is none
     */
    Service create(Node node, String name, List<Object> args);

    /**
     * Creates a service from Lua source text rather than a file (pyskynet's
     * scriptservice); {@code chunkName} names it in errors and tracebacks.
     */
    Service createFromSource(Node node, String chunkName, String source, List<Object> args);

    /**
     * {@code node} has started: the host may start the services skynet's bootstrap
     * starts; the node's start returns once this does.
     */
    default void started(Node node) {}
}
