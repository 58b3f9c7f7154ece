package io.skyloom.it;

import io.skyloom.core.NodeConfig;
import io.skyloom.foreign.Skyloom;

/** The call contract with caller and services in one node. */
class InProcessCallContractTest extends CallContract {
    @Override
    Skyloom startNode() {
        return Skyloom.start(NodeConfig.builder().thread(2).build());
    }

    @Override
    Object addressOf(int handle) {
        return handle;
    }
}
