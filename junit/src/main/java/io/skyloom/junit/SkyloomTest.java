package io.skyloom.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a real Skyloom node: started before the tests, closed after
 * them, failing any test during which a service of the node failed unseen. Inject the
 * node with {@link Inject} fields or as parameters: {@code Skyloom}, {@code Foreign},
 * {@link VirtualClock}, {@link Stubs}, {@link Probe}, and service handles with
 * {@link Named}. Works as a meta-annotation and on {@code @Nested} classes (which share
 * their enclosing class's node when it lives per class or is shared).
 *
 * <p>A bad value fails the test at start with a message naming the attribute.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(SkyloomExtension.class)
public @interface SkyloomTest {

    /** Workers (skynet's {@code thread}); at least 1. Default 2. */
    int thread() default 2;

    /** The node id in every handle's high 8 bits (skynet's harbor), 0 to 255. Default 0. */
    int nodeId() default 0;

    /**
     * How many nodes to start, linked in this JVM by a {@link io.skyloom.core.JvmLink}, with
     * node ids 1 to n and the same settings; inject {@link SkyloomCluster} to reach them.
     * What is injected as {@code Skyloom} is node 1, where {@link #services} start. 1 to
     * 255; more than one cannot run on virtual time. Default 1. With {@link #harbor} they
     * meet on the cross-process transport instead.
     */
    int nodes() default 1;

    /**
     * The node (or the {@link #nodes}) joins a cross-process transport folder in a
     * temporary directory, with node id 1 unless {@link #nodeId} says otherwise; inject
     * {@link Harbor} to fork nodes in other JVMs onto it. Default false.
     */
    boolean harbor() default false;

    /**
     * Where {@code newservice} finds Lua services: folders (each becomes
     * {@code folder/?.lua}) or templates with {@code ?}; relative to the working folder.
     */
    String[] servicePath() default {};

    /** Where {@code require} finds Lua modules: folders or templates, as {@link #servicePath}. */
    String[] luaPath() default {};

    /** Lua services started with the node, in order; inject their handles with {@link Named}. */
    String[] services() default {};

    /** Initial {@code getenv} values, each {@code "key=value"}. */
    String[] env() default {};

    /**
     * A skynet-style config file ({@code key = value}: thread, harbor, lua_path,
     * luaservice, luajc, lua_debug; other keys go to getenv), read first: the other
     * attributes add to it, and {@link #thread} wins when it is not the default.
     */
    String config() default "";

    /**
     * Compile Lua with LuaJC, as nodes do by default; false interprets it (what
     * {@code skynet.injectcode} needs). Default true: the node's default, or the config
     * file's {@code luajc}.
     */
    boolean luajc() default true;

    /**
     * Run the node on virtual time: sleeps, timeouts and call deadlines move only when the
     * test moves the injected {@link VirtualClock}. Default false.
     */
    boolean virtualTime() default false;

    /** How long the node lives; {@link Lifecycle#SHARED} needs a {@link #shared} key. */
    Lifecycle lifecycle() default Lifecycle.PER_METHOD;

    /** With {@link Lifecycle#SHARED}: classes naming the same key use one node, closed when the run ends. */
    String shared() default "";

    /** Fail a test during which a service failed on a message no caller saw (a send, a fork, a timeout). */
    boolean failOnServiceError() default true;

    /** Fail a test during which a handler returned without answering its request. */
    boolean failOnUnanswered() default true;

    /** How long closing the node waits for its tasks to end, in milliseconds. Default 5000. */
    long closeTimeoutMillis() default 5000;

    /** Fail the test that closes the node when some of its tasks did not end within {@link #closeTimeoutMillis}. */
    boolean failOnLeftoverTasks() default true;

    /**
     * Fail the test class when a virtual thread parked while pinned to its carrier (JFR's
     * {@code jdk.VirtualThreadPinned}, 20 ms and longer) while it ran; a pin JFR delivers
     * only after the class ended fails the run at its end, naming the class. Default true.
     */
    boolean failOnPinning() default true;

    /** How long a node lives under {@link SkyloomTest}. */
    enum Lifecycle {
        /** A fresh node for every test method. */
        PER_METHOD,
        /** One node for all tests of the class (and its {@code @Nested} classes). */
        PER_CLASS,
        /**
         * One node for every class naming the same {@link SkyloomTest#shared} key, closed at
         * the end of the run. Tests running in parallel on one node share its failures: one
         * may be told by the test beside it, or at the end of the class or run.
         */
        SHARED
    }
}
