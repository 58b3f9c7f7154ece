package io.skyloom.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs a test class of the extension's examples on a Jupiter engine of its own, so a test
 * can assert that an example fails, and how (the examples are nested classes the outer
 * run does not pick up by itself).
 */
final class Kit {

    private Kit() {}

    static Events run(Class<?> example) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
                .selectors(selectClass(example))
                .execute()
                .allEvents();
    }

    /** The failure message of the one failed test of {@code events}. */
    static String onlyFailure(Events events) {
        var failed = events.failed().list();
        if (failed.size() != 1) throw new AssertionError("expected one failure, got " + failed.size() + ": " + failed);
        return failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow().getMessage();
    }
}
