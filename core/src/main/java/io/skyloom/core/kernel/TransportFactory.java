package io.skyloom.core.kernel;

import io.skyloom.core.NodeConfig;
import io.skyloom.core.Transport;

/**
 * Makes the transport a node's config asks for ({@code transport = DIR}): found with
 * {@link java.util.ServiceLoader}, so the kernel needs no cross-process code of its own.
 * The foreign module provides the Chronicle Queue one.
 */
public interface TransportFactory {

    /** The transport for a node with {@code config}; throws ConfigException naming what is wrong. */
    Transport open(NodeConfig config);
}
