package io.skyloom.it;

import io.skyloom.core.CallFailedException;
import io.skyloom.core.CallInterruptedException;
import io.skyloom.core.CallTimeoutException;
import io.skyloom.core.NodeClosedException;
import io.skyloom.core.NodeConfig;
import io.skyloom.core.ServiceDeadException;
import io.skyloom.foreign.Foreign;
import io.skyloom.foreign.ForeignService;
import io.skyloom.foreign.Skyloom;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The callers' node of the call contract in a second JVM. {@link #main} starts it on a
 * transport folder and answers control requests from the test's JVM, over the harbor
 * itself: "call" makes a real call from this process and answers with its outcome,
 * values or the exception's kind and text, which {@link Remote} raises again on the
 * test's side as the same exception type. So every call of the contract leaves this
 * process, crosses to the services' process and comes back.
 */
final class ContractPeer {

    private ContractPeer() {}

    /** args: transport folder, node id. Prints "READY gateway-handle", runs until killed. */
    public static void main(String[] args) throws Exception {
        Skyloom node = Skyloom.start(NodeConfig.builder().thread(1).nodeId(Integer.parseInt(args[1]))
                .transport(Path.of(args[0])).build());
        Foreign f = node.foreign();
        f.dispatch(Map.<String, io.skyloom.foreign.ForeignHandler>of(
                "call", a -> outcome(f, a),
                "send", a -> f.send(a[0], (String) a[1], Arrays.copyOfRange(a, 2, a.length)),
                "script", a -> node.scriptservice((String) a[0]),
                "sender", a -> ContractClient.senderIn(node, a[0], (Long) a[1], ((Long) a[2]).intValue()),
                "waiter", a -> ContractClient.waiterIn(node, a[0]),
                "echo", a -> node.newservice("local-echo", ForeignService.of(Map.of("echo", e -> e)))));
        System.out.println("READY " + node.self());
        System.out.flush();
        node.join();
    }

    /** a: address, timeout in ms (null: none), command, arguments. */
    private static Object[] outcome(Foreign f, Object[] a) {
        Object[] rest = Arrays.copyOfRange(a, 3, a.length);
        try {
            Object[] r = a[1] == null ? f.call(a[0], (String) a[2], rest)
                    : f.call(Duration.ofMillis((Long) a[1]), a[0], (String) a[2], rest);
            Object[] out = new Object[r.length + 1];
            out[0] = "ok";
            System.arraycopy(r, 0, out, 1, r.length);
            return out;
        } catch (CallFailedException e) {
            return new Object[] {"CallFailedException", e.getMessage(), e.remoteMessage(), e.remoteTraceback()};
        } catch (ServiceDeadException e) {
            return new Object[] {"ServiceDeadException", e.getMessage(), e.address()};
        } catch (RuntimeException e) {
            return new Object[] {e.getClass().getSimpleName(), String.valueOf(e.getMessage())};
        }
    }

    /** The test's side: the contract's calls made by the peer process. */
    record Remote(Foreign local, int control, PeerProcess process) implements ContractClient {

        static final Duration CONTROL = Duration.ofSeconds(60);

        @Override
        public Object[] call(Object address, String cmd, Object... args) {
            return raise(local.call(CONTROL, control, "call", request(address, null, cmd, args)));
        }

        @Override
        public Object[] call(Duration timeout, Object address, String cmd, Object... args) {
            return raise(local.call(CONTROL, control, "call", request(address, timeout.toMillis(), cmd, args)));
        }

        @Override
        public CompletableFuture<Object[]> callAsync(Object address, String cmd, Object... args) {
            return local.callAsync(CONTROL, control, "call", request(address, null, cmd, args)).thenApply(Remote::raise);
        }

        @Override
        public boolean send(Object address, String cmd, Object... args) {
            Object[] a = new Object[args.length + 2];
            a[0] = address;
            a[1] = cmd;
            System.arraycopy(args, 0, a, 2, args.length);
            return (Boolean) local.call(CONTROL, control, "send", a)[0];
        }

        @Override
        public int scriptservice(String luaSource) {
            return handle(local.call(CONTROL, control, "script", luaSource));
        }

        @Override
        public int sender(Object target, long id, int each) {
            return handle(local.call(CONTROL, control, "sender", target, id, (long) each));
        }

        @Override
        public int waiter(Object target) {
            return handle(local.call(CONTROL, control, "waiter", target));
        }

        @Override
        public int echo() {
            return handle(local.call(CONTROL, control, "echo"));
        }

        @Override
        public void close() {
            try {
                process.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static int handle(Object[] r) {
            return ((Number) r[0]).intValue();
        }

        private static Object[] request(Object address, Long ms, String cmd, Object[] args) {
            Object[] a = new Object[args.length + 3];
            a[0] = address;
            a[1] = ms;
            a[2] = cmd;
            System.arraycopy(args, 0, a, 3, args.length);
            return a;
        }

        /** The peer's outcome as the call's result, or as the exception the peer's call raised. */
        private static Object[] raise(Object[] r) {
            String kind = (String) r[0];
            if (kind.equals("ok")) return Arrays.copyOfRange(r, 1, r.length);
            String message = (String) r[1];
            switch (kind) {
                case "CallFailedException" -> {
                    String address = message.substring("call to ".length(), message.indexOf(" failed: "));
                    throw new CallFailedException(address, (String) r[2], (String) r[3]);
                }
                case "ServiceDeadException" -> throw new ServiceDeadException((String) r[2], message);
                case "CallTimeoutException" -> throw new CallTimeoutException(message);
                case "CallInterruptedException" -> throw new CallInterruptedException(message);
                case "NodeClosedException" -> throw new NodeClosedException(message);
                case "IllegalArgumentException" -> throw new IllegalArgumentException(message);
                default -> throw new IllegalStateException("the peer's call raised " + kind + ": " + message);
            }
        }
    }
}
