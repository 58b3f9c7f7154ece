package io.skyloom.junit;

import io.skyloom.core.ConfigException;
import io.skyloom.core.kernel.NodeEvents;
import io.skyloom.foreign.Skyloom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One node under test and what watches it: the failures its services had, its log, its
 * virtual clock. Made by {@link SkyloomExtension}, closed with the scope it lives in
 * (a test, a class, or the run for a shared node). Thread-safe.
 */
final class TestNode implements ExtensionContext.Store.CloseableResource {

    final NodeSettings settings;
    final Skyloom skyloom;
    final VirtualClock clock;                    // null on real time
    final Problems problems = new Problems();
    final NodeLog log;
    final Map<String, Integer> services = new LinkedHashMap<>();   // filled before any test sees it
    private final NodeEvents.Listener listener;

    private TestNode(NodeSettings settings, Skyloom skyloom) {
        this.settings = settings;
        this.skyloom = skyloom;
        this.clock = settings.config().manualClock() ? new VirtualClock(skyloom.node(), Waits.dilated(Duration.ofSeconds(10))) : null;
        this.log = new NodeLog(problems, settings.test().failOnServiceError());
        SkyloomTest t = settings.test();
        this.listener = new NodeEvents.Listener() {
            @Override
            public void failed(String where, String what, Throwable error, boolean reachedCaller) {
                if (!reachedCaller && t.failOnServiceError())
                    problems.add(where + " failed on " + what + ", and no caller saw it: " + error);
            }

            @Override
            public void unanswered(String where, String what) {
                if (t.failOnUnanswered()) problems.add(where + " returned without answering " + what + " (maybe forgot response)");
            }
        };
    }

    static TestNode start(NodeSettings settings) {
        Skyloom skyloom;
        try {
            skyloom = Skyloom.start(settings.config());
        } catch (ConfigException e) {
            throw new ExtensionConfigurationException("@SkyloomTest: " + e.getMessage(), e);
        }
        TestNode n = new TestNode(settings, skyloom);
        skyloom.node().events().add(n.listener);
        LogRouter.capture(skyloom.node(), n.log);
        String current = null;
        try {
            for (String s : settings.services()) {
                current = s;
                n.services.put(s, skyloom.newservice(s));
            }
        } catch (RuntimeException e) {
            n.closeNode();
            throw NodeSettings.bad("services", current, e.getMessage());
        }
        return n;
    }

    /** Closes the node and says what it left behind: tasks that did not end, and every problem not yet drained. */
    List<String> closeNode() {
        skyloom.close();
        int left = skyloom.node().tasks().liveCount();
        if (left > 0 && settings.test().failOnLeftoverTasks())
            problems.add(left + " tasks of the node were still alive " + settings.config().closeTimeout()
                    + " after it closed (a handler that ignores interrupts?)");
        skyloom.node().events().remove(listener);
        LogRouter.release(skyloom.node());
        return problems.drain();
    }

    /** For a shared node at the end of the run. */
    @Override
    public void close() {
        List<String> left = closeNode();
        if (!left.isEmpty()) throw Problems.failure("shared node '" + settings.test().shared() + "'", left);
    }
}
