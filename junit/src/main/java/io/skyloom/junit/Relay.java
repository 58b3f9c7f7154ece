package io.skyloom.junit;

import io.skyloom.core.Context;
import io.skyloom.core.Message;
import io.skyloom.core.PType;
import io.skyloom.core.Service;
import io.skyloom.foreign.Skyloom;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A stub's or a probe's pair of services: a small Lua service ({@code relay.lua}) that
 * takes messages of either protocol under the name under test, and a Java backend that
 * decides each answer. The Lua side exists because only Lua unpacks the "lua" protocol;
 * both are real services, so a virtual clock waits for them as for any other.
 */
final class Relay {

    /** What to do with one message: {@link #answer}, {@link #error} or {@link #HOLD}. */
    @FunctionalInterface
    interface Decider {
        Object[] decide(Received message) throws Exception;
    }

    static final Object[] HOLD = {"hold"};
    private static final String SOURCE = load();

    final int handle;           // the Lua side: what callers address
    private final int backend;
    private final Skyloom node;

    private Relay(Skyloom node, int handle, int backend) {
        this.node = node;
        this.handle = handle;
        this.backend = backend;
    }

    static Object[] answer(Object... values) {
        Object[] r = new Object[values.length + 1];
        r[0] = "ok";
        System.arraycopy(values, 0, r, 1, values.length);
        return r;
    }

    static Object[] error(String message) {
        return new Object[] {"error", message};
    }

    /** Starts the pair; binds {@code name} to the Lua side when not null. */
    static Relay start(Skyloom node, String label, String name, Decider decider) {
        int backend = node.newservice(label, new Backend(decider));
        int handle = node.scriptservice(SOURCE, (long) backend);
        if (name != null) {
            try {
                node.name(name, handle);
            } catch (RuntimeException e) {
                node.kill(handle);
                node.kill(backend);
                throw e;
            }
        }
        return new Relay(node, handle, backend);
    }

    void stop() {
        node.kill(handle);
        node.kill(backend);
    }

    private record Backend(Decider decider) implements Service {
        @Override
        public void handle(Context ctx, Message m) throws Exception {
            if (m.type() != PType.FOREIGN) throw new IllegalArgumentException("a relay backend takes foreign messages");
            Object[] p = (Object[]) m.payload();
            List<Object> args = Arrays.asList(Arrays.copyOfRange(p, 4, p.length));
            Received r = new Received((String) p[0], ((Number) p[2]).intValue(), String.valueOf(p[3]), args, (Boolean) p[1]);
            ctx.ret(decider.decide(r));
        }
    }

    private static String load() {
        try (InputStream in = Relay.class.getResourceAsStream("relay.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
