package io.skyloom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyloom.lua.coroutine.CoroutineLib;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The skynet API suite again, with Lua coroutines on JDK continuations instead of a
 * virtual thread each (the coroutine library's optional strand): user coroutines that
 * block in skynet.call, skynet.queue's critical sections, forks and waits.
 */
class SkynetApiOnContinuationsTest extends SkynetApiTest {

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
