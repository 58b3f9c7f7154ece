package io.skyloom.it;

import io.skyloom.foreign.ForeignService;
import io.skyloom.foreign.Skyloom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The caller's side of the call contract: what a test asks the callers' node to do. In
 * one JVM it is that node's own foreign API ({@link Local}); against a second JVM it is a
 * control service there that makes the calls and reports their outcome
 * ({@link ContractPeer.Remote}).
 */
interface ContractClient extends AutoCloseable {

    Object[] call(Object address, String cmd, Object... args);

    Object[] call(Duration timeout, Object address, String cmd, Object... args);

    CompletableFuture<Object[]> callAsync(Object address, String cmd, Object... args);

    boolean send(Object address, String cmd, Object... args);

    /** A Lua service in the callers' node. */
    int scriptservice(String luaSource);

    /** A Java service in the callers' node whose "go" sends {@code each} ("put", id, i) to target. */
    int sender(Object target, long id, int each);

    /** A Java service in the callers' node whose "wait" makes a 3 s timed call to target. */
    int waiter(Object target);

    /** A Java echo service in the callers' node. */
    int echo();

    @Override
    void close();

    /** The callers' node in this JVM. */
    record Local(Skyloom node) implements ContractClient {

        @Override
        public Object[] call(Object address, String cmd, Object... args) {
            return node.foreign().call(address, cmd, args);
        }

        @Override
        public Object[] call(Duration timeout, Object address, String cmd, Object... args) {
            return node.foreign().call(timeout, address, cmd, args);
        }

        @Override
        public CompletableFuture<Object[]> callAsync(Object address, String cmd, Object... args) {
            return node.foreign().callAsync(address, cmd, args);
        }

        @Override
        public boolean send(Object address, String cmd, Object... args) {
            return node.foreign().send(address, cmd, args);
        }

        @Override
        public int scriptservice(String luaSource) {
            return node.scriptservice(luaSource);
        }

        @Override
        public int sender(Object target, long id, int each) {
            return senderIn(node, target, id, each);
        }

        @Override
        public int waiter(Object target) {
            return waiterIn(node, target);
        }

        @Override
        public int echo() {
            return node.newservice("local-echo", ForeignService.of(Map.of("echo", args -> args)));
        }

        @Override
        public void close() {
            node.close();
        }
    }

    static int senderIn(Skyloom node, Object target, long id, int each) {
        return node.newservice("sender" + id, new ForeignService().on("go", args -> {
            for (long i = 0; i < each; i++) node.foreign().send(target, "put", id, i);
            return null;
        }));
    }

    static int waiterIn(Skyloom node, Object target) {
        return node.newservice("waiter", new ForeignService().on("wait", args -> {
            try {
                node.foreign().call(Duration.ofSeconds(3), target, "x");
                return "answered";
            } catch (io.skyloom.core.CallTimeoutException e) {
                return "timed out";
            }
        }));
    }
}
