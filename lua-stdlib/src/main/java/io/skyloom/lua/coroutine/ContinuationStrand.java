package io.skyloom.lua.coroutine;

import static java.lang.invoke.MethodType.methodType;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import org.luaj.vm2.LuaError;

/**
 * A strand on the JDK's internal {@code jdk.internal.vm.Continuation}: the body runs on
 * the resumer's own thread, in a stack of its own that a yield unmounts. A hand-off is a
 * stack switch, with no scheduler, no park and no second thread; a dropped coroutine is
 * plain garbage. Parking inside the body (a blocking Java call) parks the resumer's
 * virtual thread, with the body's frames on top.
 *
 * <p>Reached by method handles, because the package is not exported: the JVM needs
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}, and without it
 * {@link #available()} is false and {@link Strand#factory()} uses virtual threads. A body
 * cannot yield while it holds a monitor or has a native frame on its stack: that is
 * reported as Lua 5.2 reports a yield across a C call.
 *
 * <p>Owned by the logical task that runs the coroutine, like {@link CoroutineStack}; the
 * resumer and the body share one Java thread, so nothing here is volatile.
 */
final class ContinuationStrand implements Strand {

    static final Strand.Factory FACTORY = new Strand.Factory() {
        @Override
        public Strand create(Runnable body, String name) {
            return new ContinuationStrand(body);
        }

        @Override
        public String kind() {
            return "continuation";
        }
    };

    private static final Object SCOPE;
    private static final MethodHandle NEW;     // (Object scope, Runnable) -> Object continuation
    private static final MethodHandle RUN;     // (Object continuation) -> void
    private static final MethodHandle YIELD;   // (Object scope) -> boolean
    private static final MethodHandle CURRENT; // (Object scope) -> Object innermost continuation, or null
    private static final Throwable UNAVAILABLE;

    static {
        Object scope = null;
        MethodHandle make = null, run = null, yield = null, current = null;
        Throwable why = null;
        try {
            Class<?> scopeClass = Class.forName("jdk.internal.vm.ContinuationScope");
            Class<?> contClass = Class.forName("jdk.internal.vm.Continuation");
            MethodHandles.Lookup l = MethodHandles.lookup();
            scope = l.findConstructor(scopeClass, methodType(void.class, String.class)).invoke("skyloom-coroutine");
            make = l.findConstructor(contClass, methodType(void.class, scopeClass, Runnable.class))
                    .asType(methodType(Object.class, Object.class, Runnable.class));
            run = l.findVirtual(contClass, "run", methodType(void.class)).asType(methodType(void.class, Object.class));
            yield = l.findStatic(contClass, "yield", methodType(boolean.class, scopeClass))
                    .asType(methodType(boolean.class, Object.class));
            current = l.findStatic(contClass, "getCurrentContinuation", methodType(contClass, scopeClass))
                    .asType(methodType(Object.class, Object.class));
        } catch (Throwable t) {
            why = t;
        }
        SCOPE = scope;
        NEW = make;
        RUN = run;
        YIELD = yield;
        CURRENT = current;
        UNAVAILABLE = why;
    }

    /** Whether this JVM lets us use continuations (see the class comment). */
    static boolean available() {
        return UNAVAILABLE == null;
    }

    /** Why not, for a log line; null when available. */
    static Throwable unavailableBecause() {
        return UNAVAILABLE;
    }

    private final Object continuation;

    private ContinuationStrand(Runnable body) {
        try {
            continuation = NEW.invokeExact(SCOPE, body);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot make a continuation", t);
        }
    }

    @Override
    public void resume() {
        try {
            RUN.invokeExact(continuation);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void suspend() {
        try {
            if ((Object) CURRENT.invokeExact(SCOPE) != continuation)
                throw new IllegalStateException("suspend outside the body of this continuation, on " + Thread.currentThread());
            boolean unused = (boolean) YIELD.invokeExact(SCOPE);
        } catch (IllegalStateException e) {
            // Continuation.yield refuses while a monitor or a native frame pins the stack.
            if (e.getMessage() == null || !e.getMessage().startsWith("Pinned")) throw e;
            throw new LuaError("attempt to yield across a C-call boundary (" + e.getMessage() + ")");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
