package io.skyloom.it;

import io.skyloom.core.NodeConfig;
import io.skyloom.foreign.Skyloom;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call contract over the cross-process harbor (Chronicle Queue frames, Kryo and the
 * Lua pack's byte form), with both nodes in this JVM: every value of every case is
 * encoded, appended, tailed and decoded as between processes. The second-JVM tests
 * (HarborProcessTest) add what only separate processes show.
 */
class HarborInOneJvmCallContractTest extends CallContract {

    @TempDir
    static Path folder;

    @Override
    Skyloom startNode() {
        return Skyloom.start(NodeConfig.builder().thread(1).nodeId(2).transport(folder).build());
    }

    @Override
    boolean sendSeesDeadServices() {
        return false;
    }

    @Override
    Skyloom startClient(Skyloom node) {
        return Skyloom.start(NodeConfig.builder().thread(1).nodeId(1).transport(folder).build());
    }
}
