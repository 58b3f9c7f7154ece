package io.skyloom.junit;

import io.skyloom.core.ConfigException;
import io.skyloom.core.JvmLink;
import io.skyloom.core.kernel.NodeEvents;
import io.skyloom.foreign.Skyloom;
import java.time.Duration;
import java.util.ArrayList;
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
    final Problems betweenTests = new Problems();   // a per-class node's, found between its tests: told at the class's end
    final NodeLog log;
    final Map<String, Integer> services = new LinkedHashMap<>();   // filled before any test sees it
    final SkyloomCluster cluster;                // every node, this one first
    final Harbor harbor;                         // null unless @SkyloomTest(harbor = true)
    private final NodeEvents.Listener listener;

    private TestNode(NodeSettings settings, List<Skyloom> nodes, Harbor harbor) {
        this.settings = settings;
        this.harbor = harbor;
        this.skyloom = nodes.get(0);
        this.cluster = new SkyloomCluster(nodes);
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
        List<Skyloom> nodes = new ArrayList<>();
        Harbor harbor = settings.test().harbor() ? Harbor.create(settings.config().servicePath()) : null;
        try {
            if (harbor != null) {
                int first = settings.config().nodeId() == 0 ? 1 : settings.config().nodeId();
                for (int i = 0; i < settings.test().nodes(); i++)
                    nodes.add(Skyloom.start(settings.withTransport(first + i, harbor.folder())));
            } else if (settings.test().nodes() == 1) nodes.add(Skyloom.start(settings.config()));
            else {
                JvmLink link = new JvmLink();
                for (int id = 1; id <= settings.test().nodes(); id++) nodes.add(Skyloom.start(settings.forNode(id), link.transport()));
            }
        } catch (ConfigException e) {
            nodes.forEach(Skyloom::close);
            if (harbor != null) harbor.close();
            throw new ExtensionConfigurationException("@SkyloomTest: " + e.getMessage(), e);
        }
        TestNode n = new TestNode(settings, nodes, harbor);
        Skyloom skyloom = n.skyloom;
        for (Skyloom each : nodes) {
            each.node().events().add(n.listener);
            LogRouter.capture(each.node(), n.log);
        }
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
        if (harbor != null) harbor.close();          // forked peers first: their going down is no surprise then
        for (Skyloom each : cluster.nodes()) {
            each.close();
            int left = each.node().tasks().liveCount();
            if (left > 0 && settings.test().failOnLeftoverTasks())
                problems.add(left + " tasks of node " + each.node().name() + " were still alive " + settings.config().closeTimeout()
                        + " after it closed (a handler that ignores interrupts?)");
            each.node().events().remove(listener);
            LogRouter.release(each.node());
        }
        return problems.drain();
    }

    /** For a shared node at the end of the run. */
    @Override
    public void close() {
        List<String> left = new ArrayList<>(betweenTests.drain());
        left.addAll(closeNode());
        if (!left.isEmpty()) throw Problems.failure("shared node '" + settings.test().shared() + "'", left);
    }
}
