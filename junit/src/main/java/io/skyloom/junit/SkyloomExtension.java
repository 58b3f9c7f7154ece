package io.skyloom.junit;

import io.skyloom.core.kernel.Node;
import io.skyloom.foreign.Foreign;
import io.skyloom.foreign.Skyloom;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * {@link SkyloomTest}'s engine: starts the node for its lifecycle, injects, fails a test
 * whose node had problems (printing the node's log then, and only then), and closes the
 * node. Holds no state of its own: everything lives in JUnit's stores, so classes and
 * methods may run in parallel.
 */
public final class SkyloomExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SkyloomExtension.class);
    private static final java.time.Duration SETTLE = java.time.Duration.ofSeconds(1);
    private static final String PINS = "pins", LATE_PINS = "late-pins";

    /** At the end of the run: pins JFR delivered after the class they happened in had ended. */
    private static final class LatePins implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            List<String> late = PinMonitor.lateReport();
            if (!late.isEmpty()) throw Problems.failure("virtual threads pinned during the run (failOnPinning)", late);
        }
    }

    private static final String CLASS_NODE = "class-node", METHOD_NODE = "method-node", SCOPE = "scope";

    // ---- lifecycle ----------------------------------------------------------------------

    @Override
    public void beforeAll(ExtensionContext ctx) {
        Class<?> type = ctx.getRequiredTestClass();
        Optional<SkyloomTest> own = AnnotationSupport.findAnnotation(type, SkyloomTest.class);
        SkyloomTest t = annotation(ctx);
        if (t.failOnPinning() && ctx.getParent().flatMap(ExtensionContext::getTestClass).isEmpty()) {
            // Top-level classes watch; @Nested ones run inside their watch.
            ctx.getStore(NS).put(PINS, PinMonitor.watch(ctx.getDisplayName()));
            ctx.getRoot().getStore(NS).getOrComputeIfAbsent(LATE_PINS, k -> new LatePins(), LatePins.class);
        }
        if (t.lifecycle() == SkyloomTest.Lifecycle.PER_METHOD) return;   // each test makes its own in beforeEach
        if (own.isEmpty()) return;                                        // a @Nested class: the outer class's node
        classNode(ctx, t);
    }

    /**
     * The node of a class that lives per class or is shared, made on first use: by
     * beforeAll, or earlier by the constructor of a class whose instance lives per class.
     */
    private static TestNode classNode(ExtensionContext ctx, SkyloomTest t) {
        ExtensionContext.Store store = ctx.getStore(NS);
        TestNode n = store.get(CLASS_NODE, TestNode.class);
        if (n != null) return n;
        NodeSettings s = NodeSettings.of(t);
        n = t.lifecycle() == SkyloomTest.Lifecycle.SHARED
                ? ctx.getRoot().getStore(NS).getOrComputeIfAbsent("shared:" + t.shared(), k -> TestNode.start(s), TestNode.class)
                : TestNode.start(s);
        store.put(CLASS_NODE, n);
        return n;
    }

    @Override
    public void afterAll(ExtensionContext ctx) {
        try {
            closeClassNode(ctx);
        } finally {
            checkPins(ctx);
        }
    }

    private static void checkPins(ExtensionContext ctx) {
        PinMonitor.Watch w = ctx.getStore(NS).remove(PINS, PinMonitor.Watch.class);
        if (w == null) return;
        w.close();
        List<String> pins = w.take();
        if (!pins.isEmpty()) throw Problems.failure(ctx.getDisplayName() + " (switch off with failOnPinning = false)", pins);
    }

    private static void closeClassNode(ExtensionContext ctx) {
        SkyloomTest t = annotation(ctx);
        if (t.lifecycle() != SkyloomTest.Lifecycle.PER_CLASS) return;
        TestNode n = ctx.getStore(NS).remove(CLASS_NODE, TestNode.class);
        if (n == null) return;    // a @Nested class used its outer class's node
        List<String> left = new ArrayList<>(n.betweenTests.drain());
        left.addAll(n.closeNode());
        String log = n.log.take();
        if (!left.isEmpty()) {
            printLog(ctx, log);
            throw Problems.failure(ctx.getDisplayName(), left);
        }
    }

    @Override
    public void beforeEach(ExtensionContext ctx) throws Exception {
        TestScope scope = methodScope(ctx, annotation(ctx));
        for (Object instance : ctx.getRequiredTestInstances().getAllInstances()) injectFields(instance, scope);
    }

    /**
     * One test's scope, made on first use: by the test instance's constructor (which JUnit
     * calls in the test method's context, see {@link #getTestInstantiationExtensionContextScope})
     * or by beforeEach. A node that lives per method starts here.
     */
    private static TestScope methodScope(ExtensionContext ctx, SkyloomTest t) {
        ExtensionContext.Store store = ctx.getStore(NS);
        TestScope scope = store.get(SCOPE, TestScope.class);
        if (scope != null) return scope;
        TestNode n;
        if (t.lifecycle() == SkyloomTest.Lifecycle.PER_METHOD) {
            n = TestNode.start(NodeSettings.of(t));
            store.put(METHOD_NODE, n);
        } else {
            n = store.get(CLASS_NODE, TestNode.class);
            // What happened between tests belongs to none of them: the class's end tells it.
            n.problems.drain().forEach(n.betweenTests::add);
            n.log.take();
        }
        scope = new TestScope(n);
        store.put(SCOPE, scope);
        return scope;
    }

    /** Constructors of per-method instances resolve in their test method's context, so they can take its node. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public void afterEach(ExtensionContext ctx) {
        TestScope scope = ctx.getStore(NS).remove(SCOPE, TestScope.class);
        if (scope == null) return;
        TestNode n = scope.node;
        // Let what the test set going finish before judging it: a failure a send causes
        // just before the test returns is still the test's.
        Quiescence.await(n.skyloom.node(), Waits.dilated(SETTLE));
        scope.finish();
        List<String> problems = new ArrayList<>(n.problems.drain());
        TestNode own = ctx.getStore(NS).remove(METHOD_NODE, TestNode.class);
        if (own != null) problems.addAll(own.closeNode());
        problems = scope.log.judge(problems);
        String log = n.log.take();
        if (ctx.getExecutionException().isPresent() || !problems.isEmpty()) printLog(ctx, log);
        if (!problems.isEmpty()) throw Problems.failure(ctx.getDisplayName(), problems);
    }

    private static void printLog(ExtensionContext ctx, String log) {
        if (log.isBlank()) return;
        LogRouter.console().print("---- the node's log during " + ctx.getDisplayName() + " ----\n" + log
                + (log.endsWith("\n") ? "" : "\n") + "---- end of the node's log ----\n");
    }

    /** The test's {@link SkyloomTest}: on the class, a superclass, a meta-annotation, or an enclosing class. */
    static SkyloomTest annotation(ExtensionContext ctx) {
        for (Class<?> c = ctx.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
            Optional<SkyloomTest> t = AnnotationSupport.findAnnotation(c, SkyloomTest.class);
            if (t.isPresent()) return t.get();
        }
        throw new ExtensionConfigurationException("SkyloomExtension needs @SkyloomTest on " + ctx.getRequiredTestClass().getName());
    }

    // ---- injection ----------------------------------------------------------------------

    private static boolean injectable(Class<?> type, AnnotatedElement where) {
        return type == Skyloom.class || type == Foreign.class || type == Node.class || type == VirtualClock.class
                || type == Stubs.class || type == TestLog.class || type == Probe.class || type == SkyloomCluster.class || type == Harbor.class
                || ((type == int.class || type == Integer.class) && where.isAnnotationPresent(Named.class));
    }

    private static Object value(Class<?> type, AnnotatedElement where, String what, TestScope scope) {
        TestNode n = scope.node;
        Named named = where.getAnnotation(Named.class);
        if (type == Skyloom.class) return n.skyloom;
        if (type == Foreign.class) return n.skyloom.foreign();
        if (type == Node.class) return n.skyloom.node();
        if (type == Stubs.class) return scope.stubs;
        if (type == TestLog.class) return scope.log;
        if (type == SkyloomCluster.class) return n.cluster;
        if (type == Harbor.class) {
            if (n.harbor == null) throw new ParameterResolutionException(what + ": ask for @SkyloomTest(harbor = true) to get a Harbor");
            return n.harbor;
        }
        if (type == Probe.class) return scope.probe(named == null ? null : named.value());
        if (type == VirtualClock.class) {
            if (n.clock == null) throw new ParameterResolutionException(what + ": the node runs on real time; ask for "
                    + "@SkyloomTest(virtualTime = true) to get a VirtualClock");
            return n.clock;
        }
        String name = named.value();
        Integer h = n.services.get(name);
        if (h != null) return h;
        int q = name.startsWith(".") ? n.skyloom.query(name) : 0;
        if (q != 0) return q;
        throw new ParameterResolutionException(what + ": no service " + name + " (started by @SkyloomTest(services): "
                + n.services.keySet() + ")");
    }

    private static void injectFields(Object instance, TestScope scope) throws IllegalAccessException {
        for (Class<?> c = instance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!f.isAnnotationPresent(Inject.class) && !f.isAnnotationPresent(Named.class)) continue;
                String what = "field " + c.getSimpleName() + "." + f.getName();
                if (!injectable(f.getType(), f))
                    throw new ExtensionConfigurationException(what + ": @Inject takes Skyloom, Foreign, Node, VirtualClock, "
                            + "Stubs, TestLog, Probe, SkyloomCluster, Harbor, or an int with @Named, not " + f.getType().getSimpleName());
                if (java.lang.reflect.Modifier.isStatic(f.getModifiers()))
                    throw new ExtensionConfigurationException(what + ": must not be static (tests may run in parallel)");
                f.setAccessible(true);
                f.set(instance, value(f.getType(), f, what, scope));
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ctx) {
        Parameter p = pc.getParameter();
        return injectable(p.getType(), p);
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ctx) {
        Parameter p = pc.getParameter();
        String what = "parameter " + p.getName() + " of " + pc.getDeclaringExecutable().getName();
        TestScope scope;
        if (ctx.getTestMethod().isPresent()) {
            scope = methodScope(ctx, annotation(ctx));   // a test method, or the constructor of its instance
        } else {
            // A @BeforeAll method or a per-class instance's constructor: only a node that outlives one test exists.
            SkyloomTest t = annotation(ctx);
            if (t.lifecycle() == SkyloomTest.Lifecycle.PER_METHOD) throw new ParameterResolutionException(what + ": a node lives per test method here; inject it "
                    + "into a field, a constructor or a test method's parameter, or use @SkyloomTest(lifecycle = PER_CLASS or SHARED)");
            if (p.getType() == Probe.class || p.getType() == Stubs.class || p.getType() == TestLog.class)
                throw new ParameterResolutionException(what + ": stubs, probes and the test's log belong to one test: ask for them in a test method");
            scope = new TestScope(classNode(ctx, t));
        }
        return value(p.getType(), p, what, scope);
    }
}
