package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.lua.coroutine.CoroutineLib;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared-module suite again with Lua coroutines on JDK continuations: skynet.coroutine
 * bodies that block in skynet.call, and killthread of tasks parked under them.
 */
class SharedModulesOnContinuationsTest extends SharedModulesTest {

    @BeforeAll
    static void useContinuations() {
        System.setProperty("skyloom.coroutine.strand", "continuation");
        assertThat(new CoroutineLib().strandKind()).as("this JVM can run continuation strands").isEqualTo("continuation");
    }

    @AfterAll
    static void backToThreads() {
        System.clearProperty("skyloom.coroutine.strand");
    }
}
