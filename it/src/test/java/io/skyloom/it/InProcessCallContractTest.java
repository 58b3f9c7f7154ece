package io.skyloom.it;

import io.skyloom.core.NodeConfig;
import io.skyloom.foreign.Skyloom;

/** The call contract with caller and services in one node. */
class InProcessCallContractTest extends CallContract {
    @Override
    Skyloom startNode() {
        return Skyloom.start(NodeConfig.builder().thread(1).build());
    }

    @Override
    Skyloom startClient(Skyloom node) {
        return node;
    }
}
