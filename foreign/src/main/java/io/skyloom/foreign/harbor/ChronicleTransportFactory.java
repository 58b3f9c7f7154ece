package io.skyloom.foreign.harbor;

import io.skyloom.core.NodeConfig;
import io.skyloom.core.Transport;
import io.skyloom.core.kernel.TransportFactory;

/** The node's config says {@code transport = DIR}: the harbor on Chronicle Queue there. */
public final class ChronicleTransportFactory implements TransportFactory {
    @Override
    public Transport open(NodeConfig config) {
        return new ChronicleTransport(config.transport(), config.nodeId());
    }
}
