package io.skyloom.foreign;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The foreign commands of one endpoint (the gateway or a Java foreign service) and the
 * one place where a foreign request becomes a handler call and its results. Thread-safe:
 * handlers may be added while requests run.
 */
final class CommandTable {

    private final ConcurrentHashMap<String, ForeignHandler> commands = new ConcurrentHashMap<>();
    private volatile CatchAllHandler catchAll;  // replaced as a whole by dispatch(func)

    void put(String cmd, ForeignHandler h) {
        commands.put(cmd, h);
    }

    void putAll(Map<String, ? extends ForeignHandler> table) {
        commands.putAll(table);
    }

    void catchAll(CatchAllHandler h) {
        catchAll = h;
    }

    /** Registers every {@link ForeignCommand} method of {@code bean}. */
    void putAnnotated(Object bean) {
        int found = 0;
        for (Method m : bean.getClass().getMethods()) {
            ForeignCommand a = m.getAnnotation(ForeignCommand.class);
            if (a == null) continue;
            String cmd = a.value().isEmpty() ? m.getName() : a.value();
            put(cmd, bind(bean, m));
            found++;
        }
        if (found == 0)
            throw new IllegalArgumentException(bean.getClass().getName() + " has no public @ForeignCommand method");
    }

    private static ForeignHandler bind(Object bean, Method m) {
        MethodHandle mh;
        try {
            // The handler object may be of a non-public (e.g. anonymous) class.
            m.trySetAccessible();
            mh = MethodHandles.lookup().unreflect(m);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("cannot use " + m + ": " + e.getMessage(), e);
        }
        if (!Modifier.isStatic(m.getModifiers())) mh = mh.bindTo(bean);
        MethodHandle target = mh.asSpreader(Object[].class, m.getParameterCount());
        Class<?>[] types = m.getParameterTypes();
        boolean isVoid = m.getReturnType() == void.class;
        return args -> {
            if (args.length != types.length)
                throw new IllegalArgumentException(m.getName() + " takes " + types.length + " arguments, got " + args.length);
            Object[] coerced = new Object[args.length];
            for (int i = 0; i < args.length; i++) coerced[i] = Coercion.to(types[i], args[i], m.getName(), i);
            try {
                Object r = target.invoke(coerced);
                return isVoid ? null : r;
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new RuntimeException(t);
            }
        };
    }

    /** Runs the command named by {@code request[0]} with the rest as arguments. */
    Object[] invoke(Object[] request) throws Exception {
        if (request.length == 0 || !(request[0] instanceof String cmd))
            throw new IllegalArgumentException("a foreign request starts with a command name");
        Object[] args = new Object[request.length - 1];
        System.arraycopy(request, 1, args, 0, args.length);
        ForeignHandler h = commands.get(cmd);
        if (h != null) return ForeignValues.results(h.handle(args));
        CatchAllHandler all = catchAll;
        if (all != null) return ForeignValues.results(all.handle(cmd, args));
        throw new IllegalArgumentException("unknown foreign command '" + cmd + "'");
    }
}
