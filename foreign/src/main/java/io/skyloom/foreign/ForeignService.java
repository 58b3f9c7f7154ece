package io.skyloom.foreign;

import io.skyloom.core.Context;
import io.skyloom.core.Message;
import io.skyloom.core.PType;
import io.skyloom.core.Service;
import java.util.Map;

/**
 * A service written in Java that speaks the foreign protocol, like a Lua service using
 * {@code pyskynet.foreign}. Unlike the gateway it is a real service: one message at a
 * time, interleaving only where a handler blocks. Start it with
 * {@link Skyloom#newservice(String, Service)}.
 */
public final class ForeignService implements Service {

    private final CommandTable commands = new CommandTable();

    public static ForeignService of(Map<String, ? extends ForeignHandler> commands) {
        ForeignService s = new ForeignService();
        s.commands.putAll(commands);
        return s;
    }

    public ForeignService on(String cmd, ForeignHandler handler) {
        commands.put(cmd, handler);
        return this;
    }

    public ForeignService otherwise(CatchAllHandler handler) {
        commands.catchAll(handler);
        return this;
    }

    public ForeignService annotated(Object handlers) {
        commands.putAnnotated(handlers);
        return this;
    }

    @Override
    public void handle(Context ctx, Message m) throws Exception {
        if (m.type() != PType.FOREIGN)
            throw new IllegalArgumentException("a foreign service takes foreign messages, not " + PType.name(m.type()));
        Object[] results = commands.invoke((Object[]) m.payload());
        ctx.ret(results);
    }
}
