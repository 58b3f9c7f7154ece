package io.skyloom.foreign;

import io.skyloom.core.kernel.Node;
import io.skyloom.core.PType;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * pyskynet's {@code foreign} module for Java: handlers for the commands Lua (or any
 * service) sends to {@code .java}/{@code .python}, and calls from Java to any service.
 * Every incoming command runs on its own virtual thread, so handlers may block; a call
 * parks only the calling thread (or, inside a Java service, only that handler's task).
 * Thread-safe.
 */
public final class Foreign {

    private final Node node;
    private final CommandTable gatewayCommands = new CommandTable();

    Foreign(Node node) {
        this.node = node;
        node.gateway().handle(PType.FOREIGN, m -> gatewayCommands.invoke((Object[]) m.payload()));
    }

    // ---- dispatch: pyskynet's three forms and the annotation ----------------------------

    /** {@code foreign.dispatch("cmd", func)}: one command. */
    public Foreign dispatch(String cmd, ForeignHandler handler) {
        if (cmd == null) throw new IllegalArgumentException("dispatch: the command name is null");
        if (handler == null) throw new IllegalArgumentException("dispatch: the handler of '" + cmd + "' is null");
        gatewayCommands.put(cmd, handler);
        return this;
    }

    /** {@code foreign.dispatch({cmd = func, ...})}: a table of commands. */
    public Foreign dispatch(Map<String, ? extends ForeignHandler> commands) {
        if (commands == null) throw new IllegalArgumentException("dispatch: the command table is null");
        commands.forEach(this::dispatch);
        return this;
    }

    /** {@code foreign.dispatch(func)}: every command not named otherwise. */
    public Foreign dispatch(CatchAllHandler handler) {
        if (handler == null) throw new IllegalArgumentException("dispatch: the catch-all handler is null");
        gatewayCommands.catchAll(handler);
        return this;
    }

    /** Every {@link ForeignCommand} method of {@code handlers}. */
    public Foreign dispatch(Object handlers) {
        if (handlers == null) throw new IllegalArgumentException("dispatch: the handler object is null");
        gatewayCommands.putAnnotated(handlers);
        return this;
    }

    // ---- calls --------------------------------------------------------------------------

    /**
     * {@code foreign.call(address, cmd, ...)}: calls a command and parks until it answers.
     *
     * @param address a handle ({@code Integer}) or a name ({@code ".echo"}, {@code ":0000000a"})
     * @return every result the command returned
     * @throws io.skyloom.core.ServiceDeadException when the service is gone or dies first
     * @throws io.skyloom.core.CallFailedException with the remote message and traceback
     */
    public Object[] call(Object address, String cmd, Object... args) {
        return results(node.call(resolve(address), PType.FOREIGN, request(cmd, args)), address);
    }

    /**
     * Like {@link #call}, throwing {@link io.skyloom.core.CallTimeoutException} after
     * {@code timeout}: {@code Duration.ZERO} takes only an answer already there, a
     * negative timeout is an {@link IllegalArgumentException}. Inside a Java service only
     * the calling task waits.
     */
    public Object[] call(Duration timeout, Object address, String cmd, Object... args) {
        if (timeout == null) throw new IllegalArgumentException("call: timeout is null");
        Object[] req = request(cmd, args);
        return results(node.call(resolve(address), PType.FOREIGN, req, timeout), address);
    }

    /** As {@link #call(Duration, Object, String, Object...)} with a name or ":hex" address (a String). */
    public Object[] call(Duration timeout, String address, String cmd, Object... args) {
        return call(timeout, (Object) address, cmd, args);
    }

    /** The Deferred style: completes on a gateway thread with every result. */
    public CompletableFuture<Object[]> callAsync(Object address, String cmd, Object... args) {
        Object[] req = request(cmd, args);
        return node.callAsync(resolve(address), PType.FOREIGN, req).thenApply(r -> results(r, address));
    }

    /** As {@link #callAsync(Duration, Object, String, Object...)} with a name or ":hex" address (a String). */
    public CompletableFuture<Object[]> callAsync(Duration timeout, String address, String cmd, Object... args) {
        return callAsync(timeout, (Object) address, cmd, args);
    }

    /** As {@link #callAsync(Object, String, Object...)}, failing with CallTimeoutException after {@code timeout}. */
    public CompletableFuture<Object[]> callAsync(Duration timeout, Object address, String cmd, Object... args) {
        if (timeout == null) throw new IllegalArgumentException("callAsync: timeout is null");
        Object[] req = request(cmd, args);
        return node.callAsync(resolve(address), PType.FOREIGN, req, timeout).thenApply(r -> results(r, address));
    }

    /** {@code foreign.send}: no answer expected. Returns false if the service is gone. */
    public boolean send(Object address, String cmd, Object... args) {
        return node.send(resolve(address), PType.FOREIGN, request(cmd, args));
    }

    /** A foreign reply is the list of results; anything else was packed by another protocol. */
    static Object[] results(Object reply, Object address) {
        if (reply instanceof Object[] values) return values;
        if (reply == null) return new Object[0];
        throw new io.skyloom.core.SkyloomException("the reply from " + address + " was not packed with the foreign protocol ("
                + reply.getClass().getSimpleName() + "): answer foreign requests with foreign values");
    }

    static Object[] request(String cmd, Object[] args) {
        if (cmd == null) throw new IllegalArgumentException("the command name is null");
        if (args == null)
            throw new IllegalArgumentException("the argument array of '" + cmd + "' is null (for one nil argument pass new Object[] {null})");
        Object[] req = new Object[args.length + 1];
        req[0] = cmd;
        for (int i = 0; i < args.length; i++) req[i + 1] = ForeignValues.freeze(args[i]);
        return req;
    }

    private int resolve(Object address) {
        if (address instanceof Integer h) return h;
        if (address instanceof String s) return node.resolve(s);
        throw new IllegalArgumentException("an address is a handle (int) or a name (String), not "
                + (address == null ? "null" : address.getClass().getSimpleName() + " " + address));
    }
}
