package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.core.Handle;
import io.skyloom.core.NodeConfig;
import io.skyloom.foreign.Skyloom;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call contract between two processes: the services (Java and Lua) live in this
 * JVM's node 2; the callers (the gateway, Java services, Lua services) in node 1 of a
 * second JVM ({@link ContractPeer}), which this test drives through a control service.
 * Every call of every case crosses the Chronicle harbor both ways as between any two
 * processes of a user's deployment.
 */
class HarborProcessCallContractTest extends CallContract {

    @TempDir
    Path folder;

    @Override
    Skyloom startNode() {
        return Skyloom.start(NodeConfig.builder().thread(1).nodeId(2).transport(folder).build());
    }

    @Override
    Skyloom startClient(Skyloom node) {
        throw new UnsupportedOperationException("the callers' node is another process");
    }

    @Override
    ContractClient startCaller(Skyloom node) {
        try {
            PeerProcess peer = PeerProcess.java(ContractPeer.class.getName(), folder.toString(), "1");
            int control = (int) Long.parseLong(peer.ready.get(60, java.util.concurrent.TimeUnit.SECONDS)[0]);
            return new ContractPeer.Remote(node.foreign(), control, peer);
        } catch (Exception e) {
            throw new IllegalStateException("the callers' process did not start", e);
        }
    }

    @Override
    boolean sendSeesDeadServices() {
        return false;
    }

    @Test
    void theCallersAreInAnotherProcess() {
        int svc = echo();
        int callerEcho = foreign.echo();
        assertThat(Handle.nodeId(callerEcho)).isEqualTo(1);
        assertThat(((ContractPeer.Remote) foreign).process().process.pid()).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(foreign.call(svc, "echo", "across")).containsExactly("across");
    }
}
